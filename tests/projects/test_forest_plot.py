"""The forest plot: geometry from outcomes, and what the strategy, crime-problem and findings
pages draw from it."""

import re

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.plots import forest_plot
from projects.strength import SHAPES, StrengthClass
from tests.factories import make_outcome, make_project, make_strategy
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

MARK = re.compile(
    r'<a class="mark" href="([^"]+)" tabindex="-1" data-outcome="(\d+)" data-x="([-\d.]+)">'
    r'.*?<path class="mark-shape ([^"]*)" d="([^"]*)"',
    re.S,
)


def panels_of(html: str) -> dict[str, str]:
    panel = r'<section class="forest-panel"[^>]*data-panel="([\w-]+)">(.*?)</section>'
    return dict(re.findall(panel, html, re.S))


def marks_of(html: str) -> dict[int, dict]:
    return {
        int(pk): {"href": href, "x": float(x), "classes": classes, "shape": shape}
        for href, pk, x, classes, shape in MARK.findall(html)
    }


@pytest.fixture
def strategy_with_results():
    strategy = make_strategy(name="Hot spots policing")
    trial = make_project(strategies=[strategy], design="rct", sms_level=5, stage="completed")
    fell = make_outcome(trial, measure="violent crime", value=-40, significance="significant")
    rose = make_outcome(trial, measure="robbery", value=20, significance="not_significant")
    other = make_project(
        strategies=[strategy], design="quasi_experimental", sms_level=3, stage="completed"
    )
    points = make_outcome(
        other, measure="clearance", value=5, unit="percentage_points", category="clearance"
    )
    make_outcome(other, measure="fear of crime", value=None, direction="decrease")
    return strategy, {"trial": trial, "other": other, "fell": fell, "rose": rose, "points": points}


def test_each_plotted_outcome_is_one_mark_at_its_value(client, strategy_with_results):
    strategy, made = strategy_with_results
    marks = marks_of(client.get(strategy.get_absolute_url()).text)
    assert set(marks) == {made[name].pk for name in ("fell", "rose", "points")}
    # The percent axis runs from -40 to 20 on round ticks of 20: -40 at the left end, 20 at
    # the right end, in percent of the strip's width.
    assert marks[made["fell"].pk]["x"] == 0
    assert marks[made["rose"].pk]["x"] == 100


def test_every_marker_and_label_links_to_its_project(client, strategy_with_results):
    strategy, made = strategy_with_results
    html = client.get(strategy.get_absolute_url()).text
    marks = marks_of(html)
    for name, project in (("fell", "trial"), ("rose", "trial"), ("points", "other")):
        url = made[project].get_absolute_url()
        assert marks[made[name].pk]["href"] == url
    assert f'<a href="{made["trial"].get_absolute_url()}#outcomes-title">Violent crime</a>' in html


def test_units_get_separate_panels(client, strategy_with_results):
    strategy, made = strategy_with_results
    panels = panels_of(client.get(strategy.get_absolute_url()).text)
    assert set(panels) == {"crime-percent", "clearance-percentage_points"}
    assert f'data-outcome="{made["points"].pk}"' in panels["clearance-percentage_points"]
    assert f'data-outcome="{made["points"].pk}"' not in panels["crime-percent"]


def test_non_crime_outcomes_never_share_an_axis_with_crime(client):
    """Clearance, cost, an odds-like process figure and complaints, all in relative percent like
    the crime figure: each kind still gets its own panel."""
    strategy = make_strategy()
    project = make_project(strategies=[strategy])
    crime = make_outcome(project, measure="violent crime", value=-20)
    kinds = {
        "clearance": "clearance",
        "cost_efficiency": "cost",
        "implementation": "process",
        "complaints_force": "complaints",
        "officer_activity": "officer_activity",
    }
    others = {
        kind: make_outcome(project, measure=f"{category} figure", value=30, category=category)
        for category, kind in kinds.items()
    }
    panels = panels_of(client.get(strategy.get_absolute_url()).text)
    assert set(panels) == {"crime-percent", *(f"{kind}-percent" for kind in others)}
    assert f'data-outcome="{crime.pk}"' in panels["crime-percent"]
    for kind, outcome in others.items():
        assert f'data-outcome="{outcome.pk}"' in panels[f"{kind}-percent"]
        assert f'data-outcome="{outcome.pk}"' not in panels["crime-percent"]
        assert "Not a measure of crime" in panels[f"{kind}-percent"]
    assert "Not a measure of crime" not in panels["crime-percent"]


def test_long_labels_are_never_cut(client):
    strategy = make_strategy()
    project = make_project(strategies=[strategy])
    measure = "odds of violence per 1-point increase in dispute risk score " * 3
    make_outcome(project, measure=measure.strip(), value=29, category="implementation")
    html = client.get(strategy.get_absolute_url()).text
    plot = html.split('<figure class="forest"')[1].split("</figure>")[0]
    assert measure.strip()[1:] in plot
    assert "…" not in plot and "..." not in plot


def test_significance_is_told_by_fill_and_in_words(client, strategy_with_results):
    strategy, made = strategy_with_results
    html = client.get(strategy.get_absolute_url()).text
    marks = marks_of(html)
    assert "sig-significant" in marks[made["fell"].pk]["classes"]
    assert "sig-not_significant" in marks[made["rose"].pk]["classes"]
    assert "\u221240% · significant" in html and "+20% · not significant" in html


def test_marker_shape_and_words_give_the_design_strength(client, strategy_with_results):
    strategy, made = strategy_with_results
    html = client.get(strategy.get_absolute_url()).text
    marks = marks_of(html)
    assert marks[made["fell"].pk]["shape"] == SHAPES[StrengthClass.RANDOMIZED]
    assert marks[made["points"].pk]["shape"] == SHAPES[StrengthClass.COMPARISON]
    assert "Randomized (Maryland 5)" in html and "Comparison group (Maryland 3)" in html


def test_rows_are_ordered_by_design_strength():
    time_series = make_project(design="time_series", sms_level=3, stage="completed")
    unrated = make_project()
    comparison = make_project(design="quasi_experimental", sms_level=3, stage="completed")
    trial = make_project(design="rct", sms_level=5, stage="completed")
    for project in (time_series, unrated, comparison, trial):
        make_outcome(project)
    bands = forest_plot([time_series, unrated, comparison, trial]).panels[0].bands
    # A time series names no comparison group, so it reads as level 2, below a level-3 design.
    assert [band.project for band in bands] == [trial, comparison, time_series, unrated]
    assert bands[2].strength.level == 2


def test_confidence_interval_is_drawn_across_its_range():
    project = make_project(design="rct")
    make_outcome(project, value=-20, ci_low=-30, ci_high=-10)
    make_outcome(project, measure="robbery", value=10)
    plot = forest_plot([project])
    panel = plot.panels[0]
    with_interval, without = plot.marks
    assert (with_interval.ci_x1, with_interval.ci_x2) == (panel.x_for(-30), panel.x_for(-10))
    assert panel.x_for(-30) < with_interval.x < panel.x_for(-10)
    assert without.ci_x1 is None


def test_interval_legend_only_where_an_interval_is_drawn(client):
    strategy = make_strategy()
    project = make_project(strategies=[strategy])
    make_outcome(project, value=-20)
    url = strategy.get_absolute_url()
    html = client.get(url).text
    assert 'class="ci"' not in html and "confidence interval" not in html
    make_outcome(project, measure="robbery", value=-12, ci_low=-20, ci_high=-4)
    html = client.get(url).text
    assert html.count('<line class="ci"') == 2  # the drawn interval and its legend entry
    assert "Line: 95% confidence interval" in html and "95% CI \u221220 to \u22124" in html


def test_a_result_without_a_number_is_listed_not_plotted(client, strategy_with_results):
    strategy, _ = strategy_with_results
    html = client.get(strategy.get_absolute_url()).text
    unplotted = html.split("Results without a number (not plotted)")[1]
    assert "fear of crime: decrease" in unplotted
    assert all("fear of crime" not in body for body in panels_of(html).values())


def test_headline_figure_is_marked_where_sources_differ():
    project = make_project()
    make_outcome(project, measure="violent crime", value=-22, result_key="violent")
    make_outcome(
        project, measure="violent crime", value=-42, result_key="violent", is_headline=False
    )
    assert [mark.figure for mark in forest_plot([project]).marks] == ["headline", "other source"]


def test_plot_stops_at_its_row_limit_and_says_how_many_it_left_out():
    project = make_project()
    for n in range(5):
        make_outcome(project, measure=f"measure {n}", value=-n - 1)
    plot = forest_plot([project], max_rows=3)
    assert len(plot.marks) == 3 and plot.left_out == 2


def test_plot_of_no_outcomes_says_so(client):
    strategy = make_strategy()
    make_project(strategies=[strategy])
    html = client.get(strategy.get_absolute_url()).text
    assert "No outcome to plot" in html
    assert 'class="forest-panel"' not in html


def test_draft_outcomes_are_not_plotted(client):
    strategy = make_strategy()
    draft = make_project(strategies=[strategy], status=PublicationStatus.DRAFT)
    hidden = make_outcome(draft, measure="draft measure")
    shown = make_outcome(make_project(strategies=[strategy]))
    for url in (strategy.get_absolute_url(), reverse("projects:findings")):
        html = client.get(url).text
        assert f'data-outcome="{shown.pk}"' in html
        assert f'data-outcome="{hidden.pk}"' not in html


def test_findings_view_plots_its_filtered_projects(client, strategy_with_results):
    strategy, made = strategy_with_results
    elsewhere = make_outcome(make_project(), measure="elsewhere")
    html = client.get(reverse("projects:findings"), {"strategy": strategy.slug}).text
    assert f'data-outcome="{made["fell"].pk}"' in html
    assert f'data-outcome="{elsewhere.pk}"' not in html


def test_findings_plot_query_count_does_not_grow(client):
    def grow(n):
        for _ in range(n):
            project = make_project()
            make_outcome(project)
            make_outcome(project, measure="robbery", unit="percentage_points", value=3)

    assert_constant_queries(client, reverse("projects:findings"), grow)
