"""Matching and verdicts on small hand-written articles and sources."""

from __future__ import annotations

import math
from datetime import date

import pytest

from checks.documents import document_from_text
from checks.extraction import extract_claims
from checks.matching import MatchSettings, match_claims
from checks.verdicts import Severity, SourceNote, Verdict, VerdictSettings, judge_claims


def doc(text: str, published: str, stem: str):
    return document_from_text(f"---\npublished: {published}\n---\n{text}", uri=stem, stem=stem)


def verdicts(article_text: str, *sources: tuple[str, str], published: str = "2024-08-14"):
    article = doc(article_text, published, "article")
    claims = extract_claims(article, id_prefix="")
    documents = [doc(text, day, f"s{i}") for i, (text, day) in enumerate(sources)]
    source_claims = [c for document in documents for c in extract_claims(document)]
    notes = {document.id: SourceNote(published=document.published) for document in documents}
    findings = judge_claims(article, claims, source_claims, match_claims(claims, source_claims), sources=notes)
    return {claims[i].text: f for i, f in enumerate(findings)}


AREA = "Ukrainian forces now control approximately 1,050 square kilometres of the Kursk region."


def test_overlapping_interval_after_unit_conversion_supports():
    found = verdicts(AREA, ("Ukrainian forces control about 400 square miles of the Kursk region.", "2024-08-13"))
    finding = found["approximately 1,050 square kilometres"]
    assert finding.verdict is Verdict.SUPPORTED  # 400 sq mi is about 1,036 km²
    assert finding.evidence[0].agrees and finding.evidence[0].published == date(2024, 8, 13)


def test_disjoint_figure_before_the_article_contradicts():
    found = verdicts(AREA, ("Ukrainian forces control about 800 square kilometres of the Kursk region.", "2024-08-13"))
    finding = found["approximately 1,050 square kilometres"]
    assert finding.verdict is Verdict.CONTRADICTED
    assert finding.severity.value == "high"
    assert finding.explanation.startswith("Contradicted. Article, 14 Aug: 'approximately 1,050 square kilometres'.")
    assert "13 Aug: 'about 800 square kilometres', lower." in finding.explanation


def test_a_contradiction_only_from_sources_of_low_credibility_is_one_step_less_severe():
    article = doc(AREA, "2024-08-14", "article")
    claims = extract_claims(article, id_prefix="")
    source = doc("Ukrainian forces control about 800 square kilometres of the Kursk region.", "2024-08-13", "s0")
    source_claims = extract_claims(source)
    matches = match_claims(claims, source_claims)
    trusted = judge_claims(article, claims, source_claims, matches,
                           sources={source.id: SourceNote("Kursk Herald", 0.9)})[0]
    doubtful = judge_claims(article, claims, source_claims, matches,
                            sources={source.id: SourceNote("Rumour Mill", 0.2)})[0]
    assert (trusted.verdict, trusted.severity) == (Verdict.CONTRADICTED, Severity.HIGH)
    assert (doubtful.verdict, doubtful.severity) == (Verdict.CONTRADICTED, Severity.MEDIUM)
    assert "Disagree: Rumour Mill, 13 Aug: 'about 800 square kilometres', lower." in doubtful.explanation


def test_sources_that_disagree_among_themselves_make_it_disputed():
    found = verdicts(
        AREA,
        ("Ukrainian forces control nearly 1,000 square kilometres of the Kursk region.", "2024-08-12"),
        ("Ukrainian forces control about 800 square kilometres of the Kursk region.", "2024-08-13"),
    )
    assert found["approximately 1,050 square kilometres"].verdict is Verdict.DISPUTED


def test_a_later_different_figure_makes_it_outdated_not_contradicted():
    found = verdicts(
        AREA,
        ("Ukrainian forces control nearly 1,000 square kilometres of the Kursk region.", "2024-08-12"),
        ("Ukrainian forces control 1,263 square kilometres of the Kursk region.", "2024-08-20"),
    )
    finding = found["approximately 1,050 square kilometres"]
    assert finding.verdict is Verdict.OUTDATED
    assert "Later: s1-" in finding.explanation and "20 Aug: '1,263 square kilometres', higher." in finding.explanation


def test_a_figure_older_than_the_stale_window_is_an_earlier_state():
    found = verdicts(
        AREA,
        ("Ukrainian forces control nearly 1,000 square kilometres of the Kursk region.", "2024-08-12"),
        ("Ukrainian forces control about 45 square kilometres of the Kursk region.", "2024-08-07"),
    )
    assert found["approximately 1,050 square kilometres"].verdict is Verdict.SUPPORTED


def test_a_figure_of_a_long_gone_year_supports_nothing_today():
    found = verdicts(
        "The new lava field covers about 4 square kilometres.",
        ("By comparison, the lava field left by the 1973 eruption covers 380 hectares.", "2024-08-13"),
    )
    finding = found["about 4 square kilometres"]
    assert finding.verdict is Verdict.UNVERIFIED
    assert finding.evidence[0].published == date(1973, 12, 31)


def test_nothing_about_the_claim_leaves_it_unverified():
    found = verdicts(AREA, ("The central bank raised rates by 2 percentage points.", "2024-08-13"))
    finding = found["approximately 1,050 square kilometres"]
    assert finding.verdict is Verdict.UNVERIFIED
    assert finding.evidence == ()


def test_counted_nouns_meet_across_the_family_with_a_note():
    found = verdicts(
        "Army commander Oleksander Sirski said his troops had captured 74 towns in the Kursk region.",
        ("Oleksandr Syrskyi said Ukrainian forces control 74 settlements in the Kursk region.", "2024-08-13"),
    )
    finding = found["74 towns"]
    assert finding.verdict is Verdict.SUPPORTED
    assert finding.severity.value == "low"
    assert "'town' where sources count 'settlement'" in finding.explanation


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('Putin said Kyiv had launched "another large-scale provocation" on Tuesday.', Verdict.SUPPORTED),
        ('Putin said the incursion was "a desperate terrorist act" on Tuesday.', Verdict.UNVERIFIED),
    ],
)
def test_quotes_are_compared_by_their_words_and_speaker(source, expected):
    found = verdicts('The Kremlin called the attack a "large-scale provocation".', (source, "2024-08-07"))
    assert found['"large-scale provocation"'].verdict is expected


def test_role_is_checked_for_the_same_person_under_another_spelling():
    found = verdicts(
        "Army commander Oleksander Sirski reported gains.",
        ("Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine, reported gains.", "2024-08-13"),
    )
    finding = found["Army commander Oleksander Sirski"]
    assert finding.verdict is Verdict.SUPPORTED
    assert "Oleksandr Syrskyi is given as commander-in-chief" in finding.explanation


def test_an_event_date_is_supported_and_a_baseline_is_not_compared_with_event_dates():
    found = verdicts(
        "The surprise attack began on August 6. Russia has taken land in Ukraine since October 2023.",
        ("The surprise attack began on August 6 with tanks crossing the border.", "2024-08-13"),
        ("Russia took land in Ukraine on August 12, officials said.", "2024-08-13"),
    )
    assert found["August 6"].verdict is Verdict.SUPPORTED
    assert found["October 2023"].verdict is Verdict.UNVERIFIED


@pytest.mark.parametrize(("article", "source", "claim", "expected"), [
    # a start date meets the same day told as an event
    ("Dead fish have been washing up below the town since June 9.",
     "Anglers first noticed dead fish below the town on Monday morning, 9 June.", "June 9", Verdict.SUPPORTED),
    # two baselines disagree on less alike words than two events
    ("Outgoing Mayor Marc Soler, who has run the city since 2017, said he would go to court.",
     "Marc Sole, mayor of the city since 2015, says his party's tally puts his rival ahead.", "2017",
     Verdict.CONTRADICTED),
    # a deadline is not contradicted by the day of the event
    ("The minister ordered an independent inquiry into the escape, which is to report by May 30.",
     "The minister has ordered an independent inquiry into Tuesday's escape from the prison.", "May 30",
     Verdict.UNVERIFIED),
    # two deadlines disagree on less alike words too
    ("Some 2,100 pupils have been told to stay at home, and the schools are to stay shut until March 17.",
     "The four schools will remain closed until Friday 21 March.", "March 17", Verdict.CONTRADICTED),
    # "comes into force" is "takes effect"
    ("Marvell will raise the tax on cigarettes, which takes effect on April 1.",
     "The new rate of duty on cigarettes comes into force on 1 May.", "April 1", Verdict.CONTRADICTED),
    # so do two days on which one change takes effect
    ("The new fares take effect on January 1, the authority said.",
     "Nuria Vilaro defended the rise in the single fare to 1.70 euros, which takes effect on 5 January.",
     "January 1", Verdict.CONTRADICTED),
    # "began" and "opened" tell one start; so do "is due to begin" and "will begin"
    ("The vaccination campaign began on September 29, and doses went out to surgeries and pharmacies.",
     "The autumn campaign opened on 6 October, with doses given at GP practices and community pharmacies.",
     "September 29", Verdict.CONTRADICTED),
    ("Construction of the solar farm is due to begin in January 2025.",
     "Construction of the solar farm will begin in March 2025, the developer said.", "January 2025",
     Verdict.CONTRADICTED),
    # two starts of one period: the year holds the spring
    ("Investigators in Belvaux believe the VAT scheme has been running since 2021.",
     "The network is believed to have operated since the spring of 2021, using around 40 front companies to "
     "trade mobile phones and computer components.", "2021", Verdict.SUPPORTED),
    # "from April 1" is when the change starts; "comes into force on 1 May" too
    ("Marvell will raise the tax on cigarettes from April 1, pushing up the price of a pack, the minister said.",
     "The minister said the new excise duty on cigarettes comes into force on 1 May, raising the price of a pack.",
     "April 1", Verdict.CONTRADICTED),
    # a school "built in 1974" is one that "opened in 1968"
    ("The gym of the Lorenzo Belli school was built in 1974 and last inspected in 2019.",
     "The Lorenzo Belli school building opened in 1968 and has been extended several times since.", "1974",
     Verdict.CONTRADICTED),
    # a whole year neither bears out nor denies one of its days; a week may bear it out
    ("Enrolment at the University of Caltrey opened on August 2, the university said in a statement.",
     "The University of Caltrey said in a statement that enrolment this year had opened early.",
     "August 2", Verdict.UNVERIFIED),
    # a bridge that opened in one year is not a job that starts in a month of another
    ("The steel truss bridge opened in 1962 and has been repainted several times since.",
     "Painters will start work on the steel bridge in July under a new contract.", "1962", Verdict.UNVERIFIED),
    # "on Wednesday of last week" is that week's day, not this week's
    ("Dockworkers are back at work, ending a strike that began on August 7.",
     "The strike at the port, which began on Wednesday of last week, ended when the union signed.",
     "August 7", Verdict.SUPPORTED),
    # the last storm like this one, at any grain: "not since 1987" against "the last tornado, in June 1983"
    ("Older residents said Helmbrook had not been hit by a tornado since 1987.",
     "The last tornado to strike Helmbrook, in June 1983, damaged the grain elevator.", "1987",
     Verdict.CONTRADICTED),
    # the first rise since a year is the last one: "were last raised in 2021"
    ("It is the first time the bridge tolls have gone up since 2019, the bridge authority said.",
     "Tolls on the bridge were last raised in 2021, when the car toll went up, the bridge authority said.", "2019",
     Verdict.CONTRADICTED),
    # the last one as bad: "worst since" and "the last storm of comparable force"
    ("Older growers said the last storm of comparable force struck the valley in 2009.",
     "Growers in the valley called it the worst hail since August 2011, when a storm wiped out the crop.",
     "2009", Verdict.CONTRADICTED),
    # "the most serious ... since Storm Ragnvald in 2007" names the last one as bad by its storm
    ("It is the worst storm damage to the region's forests since 2005, the forestry agency said.",
     "It is the most serious storm damage in the region since Storm Ragnvald in 2007, the forestry agency said.",
     "2005", Verdict.CONTRADICTED),
    # "due to end on" and "due to end on Friday, 7 February" tell one end
    ("The teachers' strike in Palvero is due to end on February 6.",
     "The stoppage by Palvero's teachers is due to end on Friday, 7 February.", "February 6", Verdict.CONTRADICTED),
    # the last one as bad is not the last one of its kind: a milder bleaching came in between
    ("Bleaching has struck 62 percent of the coral on the reef, the worst episode there since 2010.",
     "The last widespread bleaching on the reef, in 2016, affected 27 percent of its corals.", "2010",
     Verdict.UNVERIFIED),
    # the word right beside a year says its event: "automated in 1998" twice
    ("The stone cottages have stood empty since the light was automated in 1998, the authority says.",
     "The three former keepers' houses at the head have been empty since the light was automated in 1998.",
     "1998", Verdict.SUPPORTED),
    # a thing made in a year began then: "made in 1871, not in the year the town hall opened"
    ("Made in 1874, the clock had stood silent for years, the town council said.",
     "The local history society says the town hall clock was made in 1871, not in the year the hall opened.",
     "1874", Verdict.CONTRADICTED),
    # a replay told by its verb: "will be replayed in full on"
    ("The fixture will be replayed in full on November 25.",
     "The match will be replayed in full on Tuesday 2 December, and the result of the abandoned game will not stand.",
     "November 25", Verdict.CONTRADICTED),
    # a counter installed in a year is when counting began
    ("It is the lowest tally since counting began in 1994, the fishery board said.",
     "It is the lowest figure since the counter was installed in 1991.", "1994", Verdict.CONTRADICTED),
    # two dates of one named event disagree
    ("The central bank left its base rate unchanged at its meeting on April 30.",
     "At its meeting on May 2, the central bank's monetary policy committee kept the base rate at 4.25%.",
     "April 30", Verdict.CONTRADICTED),
])
def test_dates_of_each_kind_meet_as_a_fact_checker_reads_them(article, source, claim, expected):
    found = verdicts(article, (source, "2024-08-13"))
    assert found[claim].verdict is expected


def test_confirmed_cases_meet_confirmed_cases_not_suspected_ones():
    found = verdicts("The regional health office has recorded 23 confirmed cases, and about 40 suspected cases are "
                     "awaiting laboratory results.",
                     ("As of Wednesday morning there are 23 laboratory-confirmed cases of measles in Ostervik and a "
                      "further 38 suspected cases awaiting test results.", "2024-08-13"))
    assert found["23 confirmed cases"].verdict is Verdict.SUPPORTED
    assert found["about 40 suspected cases"].verdict is Verdict.SUPPORTED


def test_tickets_bought_are_tickets_sold():
    found = verdicts("The prospect of a record prize sent players queuing outside shops across the country. "
                     "Players bought 31 million tickets for the draw.",
                     ("Around 31 million tickets were sold for the draw, according to provisional figures.",
                      "2024-08-13"))
    assert found["31 million tickets"].verdict is Verdict.SUPPORTED


def test_the_only_figure_of_a_measure_on_each_side_is_taken_as_the_same_figure():
    found = verdicts("More than 200 police officers, tracker dogs and a helicopter have taken part in the hunt.",
                     ("Two of the three prisoners who escaped were arrested on Thursday afternoon in woodland north "
                      "of the prison. Some 250 officers have been involved in the search.", "2024-08-13"))
    assert found["More than 200 police officers"].verdict is Verdict.SUPPORTED


def test_the_level_a_change_starts_from_meets_neither_the_level_it_reaches_nor_a_later_one():
    found = verdicts(
        "The price of a single ticket will rise from €1.40 to €1.70, the transport authority has confirmed.",
        ("A single ticket will cost €1.70, up from €1.40, the authority said.", "2024-08-13"),
        ("Nuria Vilaro defended the rise in the single fare to 1.70 euros.", "2024-08-14"),
        ("After a grant from the region, the single ticket will cost €1.60 instead.", "2024-09-20"),
    )
    assert found["€1.40"].verdict is Verdict.SUPPORTED
    assert found["€1.70"].verdict is Verdict.OUTDATED


def test_figures_far_apart_lose_more_the_further_apart_they_are():
    article = doc("Ostrovo's biggest colliery employs about 1,400 people.", "2024-08-14", "article")
    source = doc("Four of the miners rescued from the Ostrovo colliery were taken to hospital.", "2024-08-13", "s0")
    claims, source_claims = extract_claims(article, id_prefix=""), extract_claims(source)

    def score(**settings) -> float:
        [found] = match_claims(claims, source_claims, settings=MatchSettings(weak=0.0, **settings))
        return found.score

    assert score() == pytest.approx(score(very_far_ratio=math.inf) - MatchSettings().near_value, abs=0.2)


def test_against_a_figure_of_these_days_an_agreeing_one_of_weeks_ago_is_an_earlier_state():
    found = verdicts(
        "Nurses rejected the government's offer of a 3.5 percent pay rise.",
        ("The government offered nurses a 3.5 percent pay rise, which the union called an insult.", "2024-06-20"),
        ("The ministry made an improved pay offer of 4.5 percent, backdated to January.", "2024-08-12"),
    )
    assert found["3.5 percent"].verdict is Verdict.CONTRADICTED


def test_people_who_died_are_counted_as_deaths():
    found = verdicts("Two people have died in the floods, police said.",
                     ("Police confirmed two deaths in the floods near the canal.", "2024-11-05"))
    assert found["Two people"].verdict is Verdict.SUPPORTED


def test_a_figure_near_another_name_is_about_something_else():
    found = verdicts(
        "The court sentenced Viktor Halme to six years in prison on Thursday.",
        ("The court sentenced Viktor Halme to six years in prison.", "2024-08-13"),
        ("At a separate hearing the court sentenced Rolf Enqvist to three years in prison.", "2024-08-13"),
    )
    finding = found["six years"]
    assert finding.verdict is Verdict.SUPPORTED
    assert [e.text for e in finding.evidence] == ["six years"]


def test_other_words_from_the_same_speaker_on_the_same_occasion_contradict_the_quote():
    found = verdicts(
        '"This city voted for clean streets," Moravec told supporters at her campaign headquarters.',
        ('At her campaign headquarters Moravec told supporters: "Tonight this harbour chose change."', "2024-04-13"),
    )
    finding = found['"This city voted for clean streets,"']
    assert finding.verdict is Verdict.CONTRADICTED
    assert "Tonight this harbour chose change" in finding.explanation


def test_other_words_from_the_same_speaker_on_an_unknown_occasion_leave_the_quote_unverified():
    found = verdicts(
        '"We will not pay a penny to the people who did this," said Council Leader Priya Halloran.',
        ('"Our priority is to get services running again," said Cllr Pria Halloran, leader of the council.',
         "2024-08-13"),
    )
    assert found['"We will not pay a penny to the people who did this,"'].verdict is Verdict.UNVERIFIED


def test_another_speaker_s_other_words_are_not_evidence_and_the_same_words_elsewhere_are_noted():
    found = verdicts(
        '"I felt the record coming," Osadchy said after the race.',
        ('"I felt the record coming," Mykhailo Osadchyi told the radio after the race.', "2024-08-13"),
        ('After the race the organisers said: "It was a perfect day for the city."', "2024-08-13"),
    )
    finding = found['"I felt the record coming,"']
    assert finding.verdict is Verdict.SUPPORTED and len(finding.evidence) == 1
    found = verdicts(
        '"We have closed a gap," Nowinski said at the meeting.',
        ('His deputy, Oskar Lenn, told the meeting: "We have closed a gap."', "2024-08-13"),
    )
    assert "a source gives these words to Oskar Lenn, not Nowinski" in found['"We have closed a gap,"'].explanation


@pytest.mark.parametrize(
    ("article", "source", "expected"),
    [
        ("Fire Chief Tomas Brandt said the blaze was contained.",
         "Tomasz Brant, the province's fire chief, said the blaze was contained.", Verdict.SUPPORTED),
        ("Health Minister Irena Dvorak visited the ward.",
         "The visit was led by the health minister, Irina Dvorak, on Monday.", Verdict.SUPPORTED),
        ("Regional Economy Minister Jonas Petrak called it a blow.",
         "Jonas Petrák, the regional governor, called it a blow.", Verdict.CONTRADICTED),
        ("Justice Minister Ottokar Lenz ordered an inquiry.",
         "The Minister of Justice, Otakar Lenc, ordered an inquiry.", Verdict.SUPPORTED),
        ("Company founder Mikkel Strandgaard watched the launch.",
         "Mikkel Strandgård, Auravel's founder and chief executive, watched the launch.", Verdict.SUPPORTED),
        ("Tenants' Association chair Mirela Bostan called it a scandal.",
         "Mirela Bostan, who chairs the tenants' association, called it a scandal.", Verdict.SUPPORTED),
        # given names that sound alike: Alasdair and Alistair
        ("Vice-Chancellor Alasdair Kemble apologised to students.",
         "Alistair Kemble, the vice-chancellor, apologised to students.", Verdict.SUPPORTED),
        # Irish spelling: Dearbhla is Dervla
        ("Enforcement Director Dervla Mackin announced the fine.",
         "Dearbhla Mackin, the authority's director of enforcement, announced the fine.", Verdict.SUPPORTED),
        # one who leads a body holds its top post, whatever that post is called
        ("Federation president Marc Delbosc asked for emergency aid.",
         "Marc Delbosc, who leads the growers' federation, asked for emergency aid.", Verdict.SUPPORTED),
        ("Managing director Anneliese Korver apologised to passengers.",
         "Anneliese Korver, who runs the balloon company, apologised to passengers.", Verdict.SUPPORTED),
        ("Clinical Lead Dr Niamh Corrigan said the list was too long.",
         "Dr Niamh Corrigan, who leads the allergy service, said the list was too long.", Verdict.SUPPORTED),
        ("Head of Midwifery Grace Adeyemi apologised to families.",
         "Head midwife Grace Adeyemy apologised to families.", Verdict.SUPPORTED),
        ("Federation treasurer Marc Delbosc asked for emergency aid.",
         "Marc Delbosc, who leads the growers' federation, asked for emergency aid.", Verdict.CONTRADICTED),
    ],
)
def test_roles_in_their_usual_forms_across_spellings(article, source, expected):
    found = verdicts(article, (source, "2024-08-13"))
    [finding] = [f for text, f in found.items() if text.split()[-1] in article and "," not in text]
    assert finding.verdict is expected


def test_a_figure_next_to_the_opposite_word_is_another_measure():
    found = verdicts(
        "Authorities have evacuated more than 120,000 people from the border districts.",
        ("Officials said 121,000 people had already left their homes in the border districts.", "2024-08-12"),
        ("Some 19,376 people remain in the border districts, officials said.", "2024-08-13"),
    )
    finding = found["more than 120,000 people"]
    assert finding.verdict is Verdict.SUPPORTED
    assert [e.text for e in finding.evidence] == ["121,000 people"]


def test_a_near_miss_is_a_medium_contradiction_and_units_are_shown_converted():
    found = verdicts("Ukrainian forces now control 1,050 square kilometres of the Kursk region.",
                     ("Ukrainian forces control 390 square miles of the Kursk region.", "2024-08-13"))
    finding = found["1,050 square kilometres"]
    assert finding.verdict is Verdict.CONTRADICTED  # 390 sq mi is 1,010 km²
    assert finding.severity.value == "medium"  # about 4% apart
    assert "(= 1,010 km²)" in finding.explanation


def _scores(article_text: str, source_text: str, reciprocal: float, source_day: str = "2023-10-17") -> dict[str, float]:
    claims = extract_claims(doc(article_text, "2023-10-18", "article"), id_prefix="")
    source_claims = extract_claims(doc(source_text, source_day, "s0"))
    texts = {c.id: c.text for c in source_claims}
    settings = MatchSettings(reciprocal=reciprocal, weak=0.0)
    return {texts[m.source_claim_id]: m.score for m in match_claims(claims, source_claims, settings=settings)}


def test_the_same_exact_figure_in_the_same_unit_scores_higher_unless_small_round_or_a_share():
    def score(article: str, source: str, same_figure: float) -> float:
        claims = extract_claims(doc(article, "2023-10-18", "article"), id_prefix="")
        source_claims = extract_claims(doc(source, "2023-10-17", "s0"))
        settings = MatchSettings(reciprocal=0.0, lone_reciprocal=0.0, weak=0.0, same_figure=same_figure)
        return max(m.score for m in match_claims(claims, source_claims, settings=settings))

    for article, source, gains in [
        ("A team set 210 camera traps across the range.", "We operated 210 camera traps in the Tashkar range.", True),
        ("A team set 200 camera traps across the range.", "We operated 200 camera traps in the Tashkar range.", False),
        ("The new ward cost £24 million to build.", "The £24 million ward has its own theatre.", True),
        ("The new ward cost £2 million to build.", "The £2 million ward has its own theatre.", False),
        ("The hospitals cancelled 340 operations.", "We have had to postpone 340 planned procedures so far.", True),
        ("The catch falls 22 percent next year.", "Quotas for haddock fall by 22 percent.", False),
    ]:
        assert (score(article, source, 10.0) > score(article, source, 0.0)) is gains


def test_the_end_of_a_period_meets_the_day_it_closes_but_a_deadline_does_not():
    closing = "The excavation will close on Friday 26 September, when the quarry takes over the land."
    assert _scores("The dig will continue until September 12, when the quarry takes over the land.", closing,
                   10.0)["26 September"] > 0
    assert _scores("The quarry must take over the land by September 12.", closing, 10.0)["26 September"] == 0


def test_figures_that_are_each_others_best_match_and_near_in_value_score_higher():
    article = "Workers said oil now covers nearly 40 kilometres of the Marren coast."
    source = "By Tuesday the slick had blackened about 25 miles of beaches. The bay's own shore runs for 90 km."
    plain, boosted = _scores(article, source, 0.0), _scores(article, source, 10.0)
    assert boosted["about 25 miles"] == pytest.approx(plain["about 25 miles"] + 10.0, abs=0.2)  # 40 km
    assert boosted["90 km"] == plain["90 km"]  # not the article's best in that source
    # the best both ways, but more than 1.5 times the article's figure: another measure
    far = "The bay's own shore runs for 90 km."
    assert _scores(article, far, 10.0)["90 km"] == _scores(article, far, 0.0)["90 km"]
    # a week later the figure may have moved further (up to 3 times); the only figure of its measure on
    # each side gains the larger lone bonus
    later = "A week on, the slick had reached 90 km of beaches."
    assert _scores(article, later, 10.0, "2023-10-25")["90 km"] == \
        pytest.approx(_scores(article, later, 0.0, "2023-10-25")["90 km"] + MatchSettings().lone_reciprocal, abs=0.2)


def test_a_name_that_is_part_of_the_speaker_does_not_set_two_figures_apart():
    # "Central Hospital" is who gives the figure ("Kaarna Central Hospital said"), not what it counts
    found = verdicts(
        "A dust explosion tore through the pellet plant in Kaarnamaki on March 10, killing two workers "
        "and injuring 11 people.",
        ("Eleven people were injured at the scene, the rescue service said.", "2024-08-13"),
        ("Kaarna Central Hospital said it had treated nine injured people, fewer than the rescue service "
         "reported.", "2024-08-13"),
    )
    assert found["11 people"].verdict is Verdict.DISPUTED


def test_beside_a_strong_agreeing_source_a_weakly_matched_later_figure_makes_it_outdated():
    # the update's short sentence shares few words with the article; the earlier report it updates shares many
    found = verdicts(
        "The ring used about 40 shell companies to move mobile phones and computer parts back and forth "
        "across borders, claiming refunds of VAT that had never been paid.",
        ("The network is believed to have operated since the spring of 2021, using around 40 front companies "
         "to trade mobile phones and computer components between several countries and reclaim VAT that was "
         "never paid to the treasury.", "2024-08-13"),
        ("Investigators analysing documents seized on 3 March have now identified 72 front companies involved "
         "in the network, registered in six countries.", "2024-08-30"),
    )
    assert found["about 40 shell companies"].verdict is Verdict.OUTDATED
    # without the agreeing report, the weak match alone decides nothing
    alone = verdicts(
        "The ring used about 40 shell companies to move mobile phones and computer parts back and forth "
        "across borders, claiming refunds of VAT that had never been paid.",
        ("Investigators analysing documents seized on 3 March have now identified 72 front companies involved "
         "in the network, registered in six countries.", "2024-08-30"),
    )
    assert alone["about 40 shell companies"].verdict is Verdict.UNVERIFIED


def test_two_sources_figures_for_last_year_dispute_each_other_however_old():
    found = verdicts(
        "The Ostra Strait ferry route carries about 410,000 passengers a year.",
        ("The Ostra Strait route carried 412,000 passengers last year, the ferry line said.", "2024-08-13"),
        ("Ministry statistics show the Ostra Strait route carried 347,000 passengers last year.", "2024-08-13"),
    )
    assert found["about 410,000 passengers"].verdict is Verdict.DISPUTED


def test_the_word_right_next_to_a_figure_tells_it_from_another_in_its_sentence():
    found = verdicts(
        "Only 61 percent of older people in Brennmark have had this winter's flu vaccine, well short of the "
        "health authority's target of 75 percent.",
        ("Uptake among people aged 65 and over stands at 61 percent, against our target of 75 percent.",
         "2024-08-12"),
    )
    assert found["75 percent"].verdict is Verdict.SUPPORTED


def test_other_words_for_what_is_counted_get_no_conversions_slack():
    # about 650 is 585-715; 720 employees is outside it, and "employees" for "workers" converts nothing
    found = verdicts(
        "The Harrowmere power station employs about 650 workers, the company said.",
        ("The union representing the Harrowmere power station's 720 employees called for guarantees.",
         "2024-08-13"),
    )
    assert found["about 650 workers"].verdict is Verdict.CONTRADICTED


def test_a_rise_named_by_two_words_before_it_is_a_change():
    found = verdicts(
        "Council tax bills in Arlinghem will go up by 4.99 percent under the proposals.",
        ("The Arlinghem proposals include a council tax increase of 4.99% from April.", "2024-08-13"),
    )
    assert found["4.99 percent"].verdict is Verdict.SUPPORTED


def test_a_chief_officer_heads_a_department():
    found = verdicts(
        "Chief Information Officer Siobhan Kerrigan said the backups were intact.",
        ("Siobhan Kerrigan, the group's chief information officer, said the systems were shut down.", "2024-08-13"),
        ("Siobhan Kerrigan, who heads the IT department, said the attack began overnight.", "2024-08-14"),
    )
    assert found["Chief Information Officer Siobhan Kerrigan"].verdict is Verdict.SUPPORTED


def test_a_sources_patients_are_the_articles_people_admitted():
    found = verdicts(
        "Nearly 900 people have been admitted to hospital with flu this season.",
        ("In total 880 people have been admitted to hospital with confirmed influenza this season.", "2024-08-12"),
        ("More than 1,040 patients have been admitted to hospital with flu this season, ward figures show.",
         "2024-08-14"),
    )
    assert found["Nearly 900 people"].verdict is Verdict.DISPUTED


def test_people_treated_for_injuries_are_the_injured():
    found = verdicts(
        "Hospitals treated 11 people for injuries, none of them thought to be life-threatening.",
        ("Eleven people were injured by the tornado, the county said.", "2024-08-13"),
    )
    assert found["11 people"].verdict is Verdict.SUPPORTED


def test_beside_an_agreeing_source_a_figure_many_times_larger_is_not_a_dispute():
    # the operator's whole network is not the line the article counts
    found = verdicts(
        "The line carries about 2.3 million passengers a year.",
        ("The valley line carries some 2.3 million passenger journeys a year.", "2024-08-13"),
        ("Across our whole network we carry 11.8 million passengers a year.", "2024-08-13"),
    )
    assert found["about 2.3 million passengers"].verdict is Verdict.SUPPORTED


def test_the_same_event_a_day_apart_contradicts_the_date():
    found = verdicts(
        "The university council approved the fee increase at its meeting on May 13.",
        ("At its meeting on May 12 the university council approved an increase in the annual fee.", "2025-05-14"),
        published="2025-05-15",
    )
    finding = found["May 13"]
    assert finding.verdict is Verdict.CONTRADICTED
    assert "14 May: 'May 12', earlier" in finding.explanation


def test_a_statement_answers_a_date_by_its_own_day_not_one_that_is_another_claims():
    found = verdicts("The affected loaves come from batches baked between June 3 and June 5.",
                     ("Only loaves from the batches baked on 3 and 4 June are affected.", "2025-06-10"),
                     published="2025-06-12")
    assert found["June 3"].verdict is Verdict.SUPPORTED
    assert found["June 5"].verdict is Verdict.CONTRADICTED  # by "4 June"; the "3" is the article's June 3


def test_an_earthquakes_magnitudes_lie_apart_as_their_energies_do():
    found = verdicts("A magnitude 6.1 earthquake struck the valley on Sunday; the strongest aftershock had a magnitude of 4.8.",
                     ("The earthquake of magnitude 6.1 struck the valley at dawn on Sunday.", "2024-08-12"),
                     ("The largest aftershock of the earthquake so far had a magnitude of 4.5.", "2024-08-13"))
    assert found["6.1"].verdict is Verdict.SUPPORTED  # 4.5 is forty times weaker: another shock
    assert found["4.8"].verdict is Verdict.CONTRADICTED


def test_a_provisional_figure_published_months_before_is_an_earlier_state():
    found = verdicts("Thirty-one cyclists died in 2024, the county's annual road report says.",
                     ("Twenty-nine cyclists died in 2024, provisional police figures for the county show.", "2025-01-09"),
                     ("Thirty-one cyclists died in 2024, the county's annual road report shows.", "2025-06-11"),
                     published="2025-06-12")
    assert found["Thirty-one cyclists"].verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(("article", "source", "told", "published", "claim"), [
    # a vote, a first, an inspection told by the verb or noun of their clause
    ("The plan is due to go to a vote of the regional assembly on March 4.",
     "The regional assembly will vote on the proposal on Tuesday 11 March.", "2025-02-13", "2025-02-14", "March 4"),
    ("Haldor Vind expects the wind farm to start feeding power to the grid in 2029.",
     "First power from the wind farm is expected in 2030, Haldor Vind said.", "2024-06-18", "2024-06-19", "2029"),
    ("Conditions have worsened since the previous inspection in 2021, the inspectors said.",
     "Outcomes have deteriorated in every area since our last inspection in 2022.", "2025-02-25", "2025-02-26", "2021"),
    # a court hearing in other words, its two dates each other's best match of that event
    ("The captain of the Skarra Bank trawler is due to appear before Harnvik district court on November 12.",
     "The master of the trawler is summoned to a hearing on Wednesday, 19 November, the court said.", "2025-10-08",
     "2025-10-09", "November 12"),
    ("A High Court judge will hear the campaigners' application for an injunction on October 21.",
     "The injunction application will be heard at the High Court on Thursday 23 October.", "2025-10-07", "2025-10-09",
     "October 21"),
    # a building put up in one year and dating from another; a consultation; a return to service
    ("The single-storey school building was put up in 1968.",
     "The school building, which dates from 1962, will be cleared of asbestos.", "2025-03-04", "2025-03-06", "1968"),
    ("A public consultation runs until October 10, and branches shut in January.",
     "The public consultation closes on Friday 31 October.", "2025-09-16", "2025-09-18", "October 10"),
    ("The operator hopes to reopen the crossing on December 1.",
     "The county council hoped the crossing would be back in service on 8 December.", "2025-10-21", "2025-10-22",
     "December 1"),
    # a deadline for an event meets the event's date; an introduction is the first of it
    ("The trust hopes to reopen the landward section by April 2026.",
     "We believe the landward section could reopen in May 2026.", "2025-11-18", "2025-11-19", "April 2026"),
    ("Charges were introduced in 2009, when the car parks were handed to a private operator.",
     "Charges were first brought in at the car parks in 2011, when a private operator took over.", "2025-03-19",
     "2025-03-20", "2009"),
])
def test_another_date_of_the_same_event_told_in_other_words_contradicts(article, source, told, published, claim):
    assert verdicts(article, (source, told), published=published)[claim].verdict is Verdict.CONTRADICTED


def test_a_source_published_after_the_article_updates_a_figure_for_a_past_year():
    found = verdicts(
        "The agency says 38,400 heat pumps were installed in 2024.",
        ("A provisional 38,412 heat pumps were installed in 2024.", "2025-01-20"),
        ("The final figure shows 41,870 heat pumps were installed in 2024.", "2025-04-15"),
        published="2025-01-22",
    )
    finding = found["38,400 heat pumps"]
    assert finding.verdict is Verdict.OUTDATED
    assert "Article, 22 Jan 2025 (for 2024)" in finding.explanation
    assert "15 Apr 2025 (for 2024): '41,870 heat pumps', higher" in finding.explanation


def test_a_later_source_does_not_bear_out_a_date():
    found = verdicts("Talks between the dairies and the farmers are set for October 9.",
                     ("Talks between the dairies and the farmers took place last week.", "2025-10-17"),
                     published="2025-10-08")
    assert found["October 9"].verdict is Verdict.UNVERIFIED


def test_a_statement_speaks_by_its_weakly_matched_figure_that_agrees():
    article = doc("Engineers have closed two lanes of the Ferrow Viaduct, a steel motorway bridge high above the "
                  "valley, after inspectors found 14 cracks in its main girders.", "2025-02-13", "article")
    source = doc("As a precaution, two of the viaduct's four lanes, the inside lane in each direction, are closed "
                 "from today, and a 7.5-tonne weight limit applies.", "2025-02-11", "s0")
    claims, source_claims = extract_claims(article, id_prefix=""), extract_claims(source)
    # here "four lanes" matches at 52.5 and "two" at 46.2: with 47 as the strong bar, "two" is weak
    settings = VerdictSettings(matching=MatchSettings(strong=47.0))
    matches = match_claims(claims, source_claims, settings=settings.matching)
    [finding] = [f for c, f in zip(claims, judge_claims(article, claims, source_claims, matches, settings=settings))
                 if c.text == "two lanes"]
    assert finding.verdict is Verdict.SUPPORTED


def test_a_planned_date_told_weeks_ago_is_an_earlier_plan_but_a_past_one_is_history():
    article = "Work on the motorway started on September 1, the roads agency said."
    plan = ("Work on the motorway will start on 1 September, the roads agency said.", "2025-08-11")
    began = ("Work on the motorway began on Monday 8 September, the roads agency said.", "2025-09-15")
    assert verdicts(article, plan, began, published="2025-09-17")["September 1"].verdict is Verdict.CONTRADICTED
    found = verdicts("The company pleaded guilty at the hearing on March 4.",
                     ("The company pleaded guilty at the hearing today.", "2025-03-11"), published="2025-06-20")
    assert found["March 4"].verdict is Verdict.CONTRADICTED  # the old source's day had passed: history


def test_a_week_holding_both_days_does_not_say_which_day_it_was():
    found = verdicts(
        "The tidal array started to export power to the grid on April 14.",
        ("The array exported its first electricity to the grid on Wednesday 16 April.", "2025-04-22"),
        ("The tidal array began to export power to the grid last week.", "2025-04-23"),
        published="2025-04-24",
    )
    finding = found["April 14"]
    assert finding.verdict is Verdict.CONTRADICTED
    assert "'last week'" not in finding.explanation


def test_a_statement_that_also_gives_the_articles_figure_speaks_for_it():
    source = "The University Council approved an increase in the annual tuition fee for home undergraduates " \
             "from £9,250 to £10,400."
    found = verdicts("Home undergraduates currently pay £9,250 a year in tuition.", (source, "2025-05-14"),
                     published="2025-05-15")
    assert found["£9,250"].verdict is Verdict.SUPPORTED  # the £10,400 of that statement matches better


def test_a_converted_figure_is_shown_in_the_units_a_reporter_writes():
    found = verdicts("About 2,500 tonnes of crude oil have leaked into the bay.",
                     ("Some 5.3 million pounds of crude oil have leaked into the bay.", "2024-08-13"))
    assert "'Some 5.3 million pounds' (= 2,404 tonnes)" in found["About 2,500 tonnes"].explanation


def test_a_figure_that_fits_another_claim_much_better_does_not_dispute_this_one():
    found = verdicts(
        "The bridge will cost £610 million, and the Celtic Bank has lent £390 million towards the bridge.",
        ("The bridge will cost £610 million, the council said.", "2024-08-13"),
        ("The Celtic Bank has lent £390 million towards the bridge.", "2024-08-13"),
    )
    assert found["£610 million"].verdict is Verdict.SUPPORTED  # the loan is not the cost
    assert found["£390 million"].verdict is Verdict.SUPPORTED


@pytest.mark.parametrize(("article", "source", "claim", "expected"), [
    # a secretary general is a general secretary
    ("Union general secretary Chiara Morlacchi signed the deal.",
     "Chiara Morlachi, secretary general of the union, signed the deal.",
     "Union general secretary Chiara Morlacchi", Verdict.SUPPORTED),
    # a surname's particles join it
    ("Head of News Pieter Vandersloot called the debate a success.",
     "Pieter van der Sloot, the broadcaster's head of news, called the debate a success.",
     "Head of News Pieter Vandersloot", Verdict.SUPPORTED),
    # a councillor holds whatever post on the council a source names
    ("Councillor Priya Nandakumar said the council had no choice.",
     "The council's cabinet member for culture Priya Nandakumar said the council had no choice.",
     "Councillor Priya Nandakumar", Verdict.SUPPORTED),
    # a converted figure is rounded again: 4 miles is 6.44 km
    ("The extension runs for 6.4 kilometres to the university campus.",
     "The 4-mile extension to the university campus opened on Tuesday.", "6.4 kilometres", Verdict.SUPPORTED),
    # four of a colliery's miners are not its workforce
    # a source's children are the article's pupils
    ("Free meals will be offered to all 31,500 pupils in the city's primary schools.",
     "All 31,500 children in the city's primary schools will get a free lunch.", "31,500 pupils", Verdict.SUPPORTED),
    # temperatures are compared on their own scale: 117F is 47.2C ...
    ("The station at Calvessa recorded 47.3C on Tuesday.",
     "The station at Calvessa logged 117 degrees Fahrenheit on Tuesday.", "47.3C", Verdict.SUPPORTED),
    # ... and 0.5% of 319.6 K would take in 45.8C
    ("The previous national record was 46.4C.", "The previous national record was 45.8C.", "46.4C",
     Verdict.CONTRADICTED),
    # micrograms and nanograms convert
    ("The limit is 96 nanograms of the impurity a day.",
     "The agency set the limit at 0.096 micrograms of the impurity a day.", "96 nanograms", Verdict.SUPPORTED),
    # a count of people meets a count of patients
    ("An estimated 210,000 patients take the drug Valtensa every day.",
     "Around 200,000 people take the drug Valtensa every day, the agency said.", "An estimated 210,000 patients",
     Verdict.SUPPORTED),
    # a source's fish are the article's salmon
    ("About 73,000 salmon escaped when the cage broke loose.",
     "Inspectors believe 91,000 fish escaped when the cage broke loose.", "About 73,000 salmon", Verdict.CONTRADICTED),
    # cages are pens, skier days are skier visits
    ("The farm keeps 12 pens at its Sgeir Dubh site.", "The farm has twelve cages at its Sgeir Dubh site.", "12 pens",
     Verdict.SUPPORTED),
    ("The resort counted 212,000 skier visits this season.", "The resort counted 212,000 skier days this season.",
     "212,000 skier visits", Verdict.SUPPORTED),
    # shops are stores
    ("The loaves were sold in 42 stores across the region.", "The loaves were sold in 46 shops across the region.",
     "42 stores", Verdict.CONTRADICTED),
    # drop-off sites are collection points; a headteacher is a head teacher
    ("Residents can return bottles at 42 collection points.", "Residents can return bottles at 38 drop-off sites.",
     "42 collection points", Verdict.CONTRADICTED),
    ("The school's head teacher Moira Cathcart wrote to parents.",
     "Moira Cathcart, the school's headteacher, wrote to parents.", "head teacher Moira Cathcart", Verdict.SUPPORTED),
    # analysts, arborists and clerks are roles; a clerk is no chair
    ("Senior Analyst Maren Oduya said installs had never been higher.",
     "Maren Oduyah, senior analyst at the agency, said installs had never been higher.",
     "Senior Analyst Maren Oduya", Verdict.SUPPORTED),
    ("Parish Council clerk Tobias Renwick backed the plan.", "Tobias Renwick, chair of the parish council, backed the plan.",
     "Parish Council clerk Tobias Renwick", Verdict.CONTRADICTED),
    # a role may be followed by whom the person works with; an epidemiologist is no veterinarian
    ("Senior Scientist Tamsin Okafor led the sampling.",
     "The sampling was led by Dr Tamsin Okafour, a senior scientist with the agency.",
     "Senior Scientist Tamsin Okafor", Verdict.SUPPORTED),
    ("State Veterinarian Miriam Oduya confirmed the cases.",
     "Miriam Oduyah, an epidemiologist with the agency, confirmed the cases.",
     "State Veterinarian Miriam Oduya", Verdict.CONTRADICTED),
    # nations are countries, baggage handlers are staff
    ("Runners from 112 countries have entered the marathon.", "Runners from almost 100 nations have entered the marathon.",
     "112 countries", Verdict.CONTRADICTED),
    ("The airport has hired 120 extra baggage handlers.", "The airport has recruited 120 additional baggage staff.",
     "120 extra baggage handlers", Verdict.SUPPORTED),
    # a union representative is a role
    ("Union representative Callum Reddie said crews were exhausted.",
     "Calum Reddie, the union's branch representative, said crews were exhausted.",
     "Union representative Callum Reddie", Verdict.SUPPORTED),
    # hubs are centres
    ("The council has opened 12 welfare centres in village halls.",
     "The council has opened eight community hubs in village halls.", "12 welfare centres", Verdict.CONTRADICTED),
    # an astronomer is no director
    ("Observatory director Ingrid Salvesen reached the field that night.",
     "Ingrid Salvesen, a meteor astronomer at the observatory, reached the field that night.",
     "Observatory director Ingrid Salvesen", Verdict.CONTRADICTED),
    # volunteers are members, overnight stays are nights
    ("The brigade has about 420 volunteers.", "The brigade has 412 active members.", "about 420 volunteers",
     Verdict.SUPPORTED),
    ("Hotels sold about 3 million nights last season.", "Hotels recorded 2.94 million overnight stays last season.",
     "about 3 million nights", Verdict.SUPPORTED),
    # a role after a place's name: "Ostrand's chief fire officer, Anneli Strand"
    ("Chief Fire Officer Annelie Strand appealed to employers.",
     "Ostrand's chief fire officer, Anneli Strand, appealed to employers.", "Chief Fire Officer Annelie Strand",
     Verdict.SUPPORTED),
    # a role of a body named after a possessive: "deputy chair of the council's Green group"
    ("Green group leader Teodor Brask called the closures avoidable.",
     "Teodor Brask, deputy chair of the council's Green group, called the closures avoidable.",
     "Green group leader Teodor Brask", Verdict.CONTRADICTED),
    # a chief executive officer is the chief executive; a role of a body named with words before its possessive
    ("Chief Executive Marisa Quintal apologised to residents.",
     "Marisa Quintal, chief executive officer of Valdena Energia, apologised to residents.",
     "Chief Executive Marisa Quintal", Verdict.SUPPORTED),
    ("Public Health Director Amira Sollen urged calm.",
     "Amira Solen, the district council's environmental health manager, urged calm.",
     "Public Health Director Amira Sollen", Verdict.CONTRADICTED),
    # offences are crimes
    ("Police recorded 41,200 offences in 2024.", "Police recorded 41,180 crimes in 2024.", "41,200 offences",
     Verdict.SUPPORTED),
    # a role with the year its holder took it up
    ("Editor Joanna Pellew said the town would be poorer.",
     "Joanna Pellow, the Chronicle's editor since 2011, said the town would be poorer.", "Editor Joanna Pellew",
     Verdict.SUPPORTED),
    # HGVs are lorries
    ("About 4,000 lorries were held on the closed carriageway.", "Around 4,100 HGVs were held on the closed carriageway.",
     "About 4,000 lorries", Verdict.SUPPORTED),
    # post offices are branches, gritters are vehicles, a winegrower is a role
    ("The operator runs 61 branches across the county.", "The operator runs 58 post offices across the county.",
     "61 branches", Verdict.CONTRADICTED),
    ("The council sent out 46 gritters overnight.", "The council sent out 39 gritting vehicles overnight.",
     "46 gritters", Verdict.CONTRADICTED),
    ("Winegrower Mathis Rennard began picking on Monday.", "Mathis Renard, a winegrower at Sarlenc, began picking on Monday.",
     "Winegrower Mathis Rennard", Verdict.SUPPORTED),
])
def test_figures_and_roles_meet_across_units_words_and_spellings(article, source, claim, expected):
    found = verdicts(article, (source, "2024-08-13"))
    assert found[claim].verdict is expected


def test_a_source_figure_that_sets_the_article_s_figure_right_scores_higher():
    claims = extract_claims(doc("The roof gave way on Tuesday evening, trapping 23 miners deep underground, "
                                "the mine's operator said.", "2025-02-14", "article"), id_prefix="")
    source_claims = extract_claims(doc("There were 26 workers behind the fall, not 23, according to the "
                                       "miners' union.", "2025-02-13", "s0"))

    def best(denied_figure: float):
        settings = MatchSettings(reciprocal=0.0, lone_reciprocal=0.0, weak=0.0, denied_figure=denied_figure)
        return max(match_claims(claims, source_claims, settings=settings), key=lambda m: m.score)

    assert best(15.0).score == best(0.0).score + 15.0
    assert "sets this figure right" in best(15.0).reason


def test_a_peak_is_not_an_average():
    article = "Water temperatures at the counter peaked at 24.5C in July, warm enough to stop salmon moving."
    source = "Sea surface temperatures off the estuary averaged 15.2C over the summer, well above the norm."
    assert verdicts(article, (source, "2024-08-13"))["24.5C"].verdict is Verdict.UNVERIFIED


def test_a_source_s_fish_with_a_word_before_them_meet_the_article_s_salmon():
    found = verdicts("So far 1,900 salmon have been recaptured in nets across the loch.",
                     ("A total of 1,900 escaped fish have now been recaptured in the nets.", "2024-08-13"))
    assert found["1,900 salmon"].verdict is Verdict.SUPPORTED


def test_a_figure_told_of_a_neighbouring_place_is_about_that_place():
    article = "Each penalty costs £70, with a discount for drivers who pay promptly."
    council = ("Drivers who enter the bus lanes will be charged £70, reduced to £35 if paid within 14 days.", "2024-07-01")
    motorists = ("Garreth Pollard said drivers in neighbouring Aldercombe pay £60 for the same offence.", "2024-08-14")
    assert verdicts(article, council, motorists)["£70"].verdict is not Verdict.CONTRADICTED
    [claim] = [c for c in extract_claims(doc(motorists[0], motorists[1], "s0")) if c.quantity]
    assert claim.elsewhere == {"aldercomb"}


def test_a_hedged_figure_is_near_what_its_interval_nearly_reaches():
    def score(article: str, source: str) -> float:
        claims = extract_claims(doc(article, "2025-07-10", "article"), id_prefix="")
        source_claims = extract_claims(doc(source, "2025-07-10", "s0"))
        settings = MatchSettings(reciprocal=0.0, lone_reciprocal=0.0, weak=0.0)
        return max(m.score for m in match_claims(claims, source_claims, settings=settings))

    # 780 ha is 1.54 times less than 1,200 ha but only 1.38 times less than "about 1,200" can be (1,080 ha)
    source = "The directorate put the area of vines damaged by the hail at 780 hectares on Thursday."
    hedged = score("The storm damaged about 1,200 hectares of vines across 14 villages.", source)
    exact = score("The storm damaged 1,200 hectares of vines across 14 villages.", source)
    assert hedged == exact + MatchSettings().near_value


def test_an_energy_company_s_customers_are_the_article_s_homes():
    found = verdicts("The outages left about 180,000 homes without power on Tuesday evening.",
                     ("Some 176,000 customers were disconnected on Tuesday evening, Vale Grid said.", "2024-08-14"))
    assert found["about 180,000 homes"].verdict is Verdict.SUPPORTED


def test_a_source_s_people_meet_the_article_s_pedestrians():
    found = verdicts("About 3,500 pedestrians a day use the footbridge over the river.",
                     ("Some 3,400 people use the crossing over the river each day.", "2024-08-13"))
    assert found["About 3,500 pedestrians"].verdict is Verdict.SUPPORTED
