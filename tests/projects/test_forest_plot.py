"""The forest plot: geometry from outcomes, and the SVG the strategy, crime-problem and findings
pages draw from it."""

import re

import pytest
from django.urls import reverse

from editorial.models import PublicationStatus
from projects.plots import PLOT_X0, PLOT_X1, forest_plot
from tests.factories import make_outcome, make_project, make_strategy
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

MARK = re.compile(
    r'<g class="mark" data-outcome="(\d+)".*?<path class="mark-shape ([^"]*)" '
    r'transform="translate\(([-\d.]+) ([-\d.]+)\)"',
    re.S,
)


def _panels(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<svg class="forest-svg"[^>]*data-unit="(\w+)">(.*?)</svg>', html, re.S)
    )


@pytest.fixture
def strategy_with_results():
    strategy = make_strategy(name="Hot spots policing")
    trial = make_project(strategies=[strategy], design="rct")
    fell = make_outcome(trial, measure="violent crime", value=-40, significance="significant")
    rose = make_outcome(trial, measure="robbery", value=20, significance="not_significant")
    other = make_project(strategies=[strategy], design="quasi_experimental")
    points = make_outcome(other, measure="clearance", value=5, unit="percentage_points")
    make_outcome(other, measure="fear of crime", value=None, direction="decrease")
    return strategy, {"fell": fell, "rose": rose, "points": points}


def test_each_plotted_outcome_is_one_mark_at_its_value(client, strategy_with_results):
    strategy, outcomes = strategy_with_results
    html = client.get(strategy.get_absolute_url()).text
    marks = {int(pk): (classes, float(x)) for pk, classes, x, _y in MARK.findall(html)}
    assert set(marks) == {o.pk for o in outcomes.values()}
    # The percent axis runs from -40 to 20 on round ticks of 20: -40 at the left end, 20 at
    # the right end.
    assert marks[outcomes["fell"].pk][1] == PLOT_X0
    assert marks[outcomes["rose"].pk][1] == PLOT_X1


def test_units_get_separate_panels(client, strategy_with_results):
    strategy, outcomes = strategy_with_results
    panels = _panels(client.get(strategy.get_absolute_url()).text)
    assert set(panels) == {"percent", "percentage_points"}
    assert f'data-outcome="{outcomes["points"].pk}"' in panels["percentage_points"]
    assert f'data-outcome="{outcomes["points"].pk}"' not in panels["percent"]


def test_significance_is_told_by_fill_and_in_words(client, strategy_with_results):
    strategy, outcomes = strategy_with_results
    html = client.get(strategy.get_absolute_url()).text
    marks = {int(pk): classes for pk, classes, _x, _y in MARK.findall(html)}
    assert "sig-significant" in marks[outcomes["fell"].pk]
    assert "sig-not_significant" in marks[outcomes["rose"].pk]
    assert "\u221240% · significant" in html and "+20% · not significant" in html


def test_the_plot_has_a_text_alternative(client, strategy_with_results):
    strategy, _ = strategy_with_results
    html = client.get(strategy.get_absolute_url()).text
    assert re.search(r'<svg class="forest-svg"[^>]*aria-hidden="true"', html)
    table = re.search(r"<caption>The plotted figures as a table</caption>(.*?)</table>", html, re.S)
    assert (
        table
        and "Violent crime" in table.group(1)
        and "Randomized controlled trial" in (table.group(1))
    )


def test_a_result_without_a_number_is_listed_not_plotted(client, strategy_with_results):
    strategy, _ = strategy_with_results
    html = client.get(strategy.get_absolute_url()).text
    unplotted = html.split("Results without a number (not plotted)")[1]
    assert "fear of crime: decrease" in unplotted
    assert all("fear of crime" not in body for body in _panels(html).values())


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
    assert 'class="forest-svg"' not in html


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
    strategy, outcomes = strategy_with_results
    elsewhere = make_outcome(make_project(), measure="elsewhere")
    html = client.get(reverse("projects:findings"), {"strategy": strategy.slug}).text
    assert f'data-outcome="{outcomes["fell"].pk}"' in html
    assert f'data-outcome="{elsewhere.pk}"' not in html


def test_findings_plot_query_count_does_not_grow(client):
    def grow(n):
        for _ in range(n):
            project = make_project()
            make_outcome(project)
            make_outcome(project, measure="robbery", unit="percentage_points", value=3)

    assert_constant_queries(client, reverse("projects:findings"), grow)
