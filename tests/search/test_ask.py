"""The question box's reading and answer on the real content: what it reads in plain questions
(problem, strategy, size), that the lexicon and the model each read what the other cannot,
that drafts never appear, that a question it cannot read falls back to search, that the model
loads with the network off, and that the vectors follow the index."""

import socket

import pytest

from editorial.models import PublicationStatus
from projects.models import CrimeProblem, Project, ReaderPhrase
from search import embedding, indexing
from search.answer import answer
from search.documents import key_for
from search.models import DocumentVector
from search.reading import read

pytestmark = pytest.mark.django_db

# (question, crime problems, strategies, settlement): what a careful reader would take from it.
READINGS = [
    ("Has anything brought down street robberies?", ["robbery"], [], ""),
    ("how do you stop people getting mugged downtown", ["robbery"], [], ""),
    ("what cuts carjackings in a mid-sized city", ["robbery"], [], "mid_sized_urban"),
    ("body cams and use of force", ["complaints-and-use-of-force"], ["body-worn-cameras"], ""),
    ("what helps with people overdosing on opioids", ["addiction-and-overdoses"], [], ""),
    ("homeless encampments and calls to police", ["homelessness"], [], ""),
    ("mental health crisis calls handled with clinicians", ["behavioral-health-crises"],
     ["social-service-outreach-and-prevention"], ""),
    ("gunshot sensors and solving shootings", ["gun-violence"], ["gunshot-detection"], ""),
    ("reducing gunfire in a large city", ["gun-violence"], [], "large_urban"),
    ("ceasefire style meetings with violent groups", ["violent-crime"], ["focused-deterrence"], ""),
    ("drug dealers on the block and the High Point approach", ["drug-markets"],
     ["drug-market-intervention"], ""),
    ("security cameras watched live by students in a college town", [], ["cctv"], ""),
    ("Can you predict where shootings will happen next?", ["gun-violence"],
     ["predictive-analytics"], ""),
    ("shoplifting from convenience stores", ["retail-theft"], [], ""),
    ("residential break-ins in a mid-sized city", ["burglary"], [], "mid_sized_urban"),
    ("improving how detectives work homicide cases", ["homicide"],
     ["investigative-process-improvement"], ""),
    ("heading off payback shootings after disputes", ["retaliatory-violence"], [], ""),
    ("diverting people to treatment instead of jail", [], ["diversion"], ""),
    ("layered accountability with stratified policing", [], ["stratified-policing"], ""),
    ("spousal abuse in a small town", ["domestic-violence"], [], "small_rural"),
]  # fmt: skip


def slugs(found):
    return [u.term.slug for u in found]


@pytest.mark.parametrize(("question", "problems", "strategies", "settlement"), READINGS)
def test_a_plain_question_is_read_as_a_reader_means_it(
    real_data, question, problems, strategies, settlement
):
    reading = read(question)
    assert (slugs(reading.problems), slugs(reading.strategies), reading.settlement) == (
        problems,
        strategies,
        settlement,
    )


def test_a_population_and_a_state_are_read(real_data):
    reading = read("robberies in a town of 45,000 residents in Ohio")
    assert (reading.population, reading.state) == (45_000, "OH")


@pytest.mark.parametrize(
    ("question", "population"),
    [
        ("what reduces shootings in a city of 200000", 200_000),
        ("burglary in a county of about 1.2 million", 1_200_000),
        ("a department of 300 officers facing shootings", None),
    ],
)
def test_a_places_size_is_read_but_not_a_count_of_officers(real_data, question, population):
    assert read(question).population == population


def test_an_editors_reader_phrase_is_what_reads_carjacking(real_data):
    assert slugs(read("carjackings", use_model=False).problems) == ["robbery"]
    assert slugs(read("carjackings", use_lexicon=False).problems) == []


def test_a_phrase_an_editor_adds_is_read_at_once(real_data):
    assert read("jackers on the interstate").problems == []
    ReaderPhrase.objects.create(
        phrase="jackers", crime_problem=CrimeProblem.objects.get(slug="robbery")
    )
    assert slugs(read("jackers on the interstate").problems) == ["robbery"]


@pytest.mark.parametrize(
    ("question", "kind", "slug"),
    [
        ("teen shootouts", "problems", "gun-violence"),
        ("surveillance cameras downtown", "strategies", "cctv"),
    ],
)
def test_the_model_reads_what_the_lexicon_does_not_know(real_data, question, kind, slug):
    assert slugs(getattr(read(question), kind)) == [slug]
    assert slugs(getattr(read(question, use_model=False), kind)) == []
    assert getattr(read(question), kind)[0].by_model


def test_the_model_leaves_a_shared_word_unread(real_data):
    # "officers" is in "officers on foot" but the question is about cameras, not foot patrol.
    assert "foot-patrol" not in slugs(read("do officers wearing cameras get complaints").strategies)


def test_the_answer_starts_with_the_evidence_and_lists_the_projects_on_the_problem(asked):
    result = answer(read("what cuts carjackings in a mid-sized city"))
    assert result.summary.verdict.endswith("on robbery.")
    assert "agencies" in result.like_mine.lower()
    listed = [item.project.slug for item in result.projects]
    robbery = Project.objects.published().for_crime_problem(
        CrimeProblem.objects.get(slug="robbery")
    )
    expected = set(robbery.values_list("slug", flat=True))
    assert set(listed[: len(expected)]) == expected  # every robbery project before any other
    ratings = {item.project.slug: item.rating.label for item in result.projects}
    assert ratings["boston-ma-2009"] == "Evidence of effect"  # rated on robbery


def test_a_draft_never_appears(asked):
    question = read("Has anything brought down street robberies?")
    before = answer(question)
    boston = Project.objects.get(slug="boston-ma-2009")
    assert boston.pk in {item.project.pk for item in before.projects}
    Project.objects.filter(pk=boston.pk).update(status=PublicationStatus.DRAFT)
    after = answer(question)
    assert boston.pk not in {item.project.pk for item in after.projects}
    assert after.summary.tried == before.summary.tried - 1


def test_a_question_it_cannot_read_falls_back_to_search_and_says_so(asked):
    result = answer(read("tell me about Boston"))
    assert not result.answered and result.projects == []
    assert "could not tell" in result.message and result.fallback.total > 0


def test_the_model_loads_with_the_network_off(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedding.model.cache_clear()
    vectors = embedding.embed(["body-worn cameras", "bodycams"])
    assert vectors.shape == (2, embedding.DIMENSIONS)
    assert float(vectors[0] @ vectors[1]) > 0.2


def test_a_rebuild_writes_one_vector_per_document(asked):
    indexed = asked.fingerprints()
    stored = dict(DocumentVector.objects.values_list("key", "fingerprint"))
    assert stored == indexed


def test_an_edit_refreshes_its_vector_through_the_queue(asked):
    project = Project.objects.get(slug="pullman-wa-2011")
    key = key_for(project)
    before = DocumentVector.objects.get(key=key).fingerprint
    project.summary = "Students watched campus cameras live to spot fights outside bars."
    project.save()  # queues the document, as every edit does
    indexing.apply_once(asked)
    assert DocumentVector.objects.get(key=key).fingerprint != before
