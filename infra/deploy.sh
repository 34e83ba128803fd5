#!/usr/bin/env bash
# Create (or update) crosscheck's three deployments of prefect.yaml on one of its work pools:
#
#   infra/deploy.sh process       the local process pool (what `prefect deploy --all` does)
#   infra/deploy.sh docker        the docker pool, runs in the crosscheck-worker image
#   infra/deploy.sh kubernetes    the kubernetes pool, runs in the crosscheck-worker image
#
# The pool's name and job variables come from prefect.yaml's `definitions.work_pools.<kind>`.
# (`prefect deploy --all` ignores --pool, so each deployment is deployed by name.)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: infra/deploy.sh process|docker|kubernetes}
python=${PYTHON:-python}
read -r pool variables names < <("$python" - "$kind" <<'PY'
import json
import sys

import yaml

project = yaml.safe_load(open("prefect.yaml", encoding="utf-8"))
pools = project["definitions"]["work_pools"]
if sys.argv[1] not in pools:
    sys.exit(f"unknown work pool kind {sys.argv[1]!r}: use one of {', '.join(pools)}")
pool = pools[sys.argv[1]]
names = ",".join(d["name"] for d in project["deployments"])
print(pool["name"], json.dumps(pool.get("job_variables") or {}, separators=(",", ":")), names)
PY
)
for name in ${names//,/ }; do
  prefect --no-prompt deploy --name "$name" --pool "$pool" --job-variable "$variables"
done
