"""Units: the written-out dimension table agrees with pint, and conversions compare like with like."""

from __future__ import annotations

import pytest

from checks.units import DIMENSIONS, PHYSICAL_UNITS, _registry, counted_noun, physical_unit, singular, to_base


@pytest.mark.parametrize("expression", sorted(DIMENSIONS))
def test_dimension_table_matches_pint(expression):
    assert str(_registry().parse_expression(expression).dimensionality) == DIMENSIONS[expression]


def test_every_written_unit_has_a_dimension():
    assert set(PHYSICAL_UNITS.values()) <= set(DIMENSIONS)


def test_areas_convert_to_one_base():
    assert to_base(1, "mile ** 2") == pytest.approx(to_base(2.589988, "kilometer ** 2"), rel=1e-5)
    assert physical_unit("sq mi").measure == physical_unit("km²").measure == "[length] ** 2"


def test_temperatures_convert_with_their_offset():
    assert to_base(0, "degC") == pytest.approx(273.15)


def test_counted_nouns_fall_into_families():
    assert counted_noun("villages").measure == counted_noun("localities").measure == "count:settlement"
    assert counted_noun("servicemen").unit == "serviceman"
    assert counted_noun("aid trucks").unit == "aid truck"
    assert counted_noun("aid trucks").measure == counted_noun("vehicles").measure == "count:vehicle"
    assert counted_noun("planes").measure == counted_noun("aircraft").measure == "count:aircraft"
    assert counted_noun("fishermen").measure == counted_noun("crew members").measure == "count:worker"
    assert counted_noun("roles").measure == counted_noun("jobs").measure == "count:job"
    assert counted_noun("return sailings").measure == counted_noun("round trips").measure == "count:trip"
    assert counted_noun("account holders").measure == counted_noun("depositors").measure == "count:customer"
    assert counted_noun("paramedic posts").measure == counted_noun("vacancies").measure == "count:job"


@pytest.mark.parametrize(("plural", "one"), [
    ("towns", "town"), ("wolves", "wolf"), ("lynx", "lynx"), ("buses", "bus"), ("localities", "locality"),
    ("people", "person"), ("geese", "goose"),
])
def test_counted_nouns_are_made_singular(plural, one):
    assert singular(plural) == one
