"""How to cite a case study and the documents it rests on: a plain-text reference, BibTeX, RIS
and CSL-JSON, each built from one record so the four never disagree.

A case study is the portal's summary of other people's work, so what a reader should cite is
that work: where CNA's SPI site profile (written for BJA) describes the award, the page's own
citation is that profile, dated as the profile is (undated when it gives none), with the
portal's page named in the note; only a project without a profile is cited as the portal's
page. Each of a project's documents (final reports, articles, spotlights, library records,
award pages...) is offered too, in the same formats; a copy on a document-sharing site is never
cited as a document (its original is, where known).
"""

import re
from dataclasses import dataclass
from datetime import date

from projects.models import Project, Source, SourceKind
from projects.models.sources import cited_documents

PUBLISHER = "Smart Policing Initiative Portal"
SPI_PROFILE_AUTHOR = "CNA for the Bureau of Justice Assistance"
SPI_PROFILE_PUBLISHER = "Smart Policing Initiative (CNA, for the Bureau of Justice Assistance)"
# Each kind of document as CSL, BibTeX and RIS type it.
TYPES = {
    "webpage": ("webpage", "misc", "ELEC"),
    "report": ("report", "techreport", "RPRT"),
    "article": ("article-journal", "article", "JOUR"),
}
KIND_TYPES = {
    SourceKind.FINAL_REPORT: "report",
    SourceKind.SPOTLIGHT: "report",
    SourceKind.ARTICLE: "article",
}
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    author: str
    year: int | None
    url: str
    accessed: date
    note: str
    publisher: str = PUBLISHER
    kind: str = "webpage"
    genre: str = ""

    @property
    def plain(self) -> str:
        genre = f" [{self.genre}]" if self.genre else ""
        publisher = f" {self.publisher}." if self.publisher != self.author else ""
        return (
            f"{self.author}. ({self.year or 'n.d.'}). {self.title}{genre}.{publisher} "
            f"{self.note}. Retrieved {self.accessed:%B} {self.accessed.day}, {self.accessed:%Y}, "
            f"from {self.url}"
        )

    @property
    def bibtex(self) -> str:
        def braced(text: str) -> str:
            return text.replace("\\", "").replace("{", "(").replace("}", ")")

        publisher = "institution" if self.kind == "report" else "publisher"
        if self.kind == "article":
            publisher = "journal"
        fields = [
            ("author", f"{{{braced(self.author)}}}"),
            ("title", braced(self.title)),
            *([("year", str(self.year))] if self.year else []),
            (publisher, braced(self.publisher)),
            ("howpublished", f"\\url{{{self.url}}}"),
            ("note", f"{braced(self.note)}. Accessed {self.accessed.isoformat()}"),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@{TYPES[self.kind][1]}{{{self.key},\n{body}\n}}\n"

    @property
    def ris(self) -> str:
        lines = [
            ("TY", TYPES[self.kind][2]),
            ("ID", self.key),
            ("AU", self.author),
            ("TI", self.title),
            *([("PY", str(self.year))] if self.year else []),
            ("PB", self.publisher),
            ("UR", self.url),
            ("Y2", self.accessed.isoformat()),
            ("N1", self.note),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)

    @property
    def csl(self) -> dict:
        """A CSL-JSON item, what Zotero, Mendeley and Pandoc read."""
        item = {
            "id": self.key,
            "type": TYPES[self.kind][0],
            "title": self.title,
            "author": [{"literal": self.author}],
            "publisher": self.publisher,
            "accessed": {
                "date-parts": [[self.accessed.year, self.accessed.month, self.accessed.day]]
            },
            "URL": self.url,
            "note": self.note,
        }
        if self.genre:
            item["genre"] = self.genre
        if self.year:
            item["issued"] = {"date-parts": [[self.year]]}
        return item


def _year(text: str) -> int | None:
    found = _YEAR.search(text or "")
    return int(found.group(0)) if found else None


def spi_profile(project: Project) -> Source | None:
    """The SPI site profile of the award, where one is among its sources (read from the
    prefetched ``sources``)."""
    return next((s for s in project.sources.all() if s.kind == SourceKind.SPI_PROFILE), None)


def cite_project(project: Project, url: str, accessed: date) -> Citation:
    """The citation of the case study at ``url``: its SPI profile where there is one, else the
    portal's page."""
    profile = spi_profile(project)
    if profile is not None:
        return Citation(
            key=f"spi-{project.slug}",
            title=profile.title or f"Smart Policing Initiative profile: {project.name}",
            author=SPI_PROFILE_AUTHOR,
            year=_year(profile.date),
            url=profile.url,
            accessed=accessed,
            note=f"SPI site profile of the {project.agency.name}"
            + (f", cohort {project.cohort_year}" if project.cohort_year else "")
            + f"; summarised in the SPI Portal's case study, {url}",
            publisher=SPI_PROFILE_PUBLISHER,
            genre="Site profile",
        )
    published = project.first_published_at or project.updated_at
    note = f"Smart Policing Initiative project of the {project.agency.name}"
    if project.cohort_year:
        note += f", cohort {project.cohort_year}"
    return Citation(
        key=f"spi-{project.slug}",
        title=project.name,
        author=PUBLISHER,
        year=published.year if published else None,
        url=url,
        accessed=accessed,
        note=note,
        genre="Case study",
    )


def cite_source(project: Project, number: int, source: Source, accessed: date) -> Citation:
    """One document of ``project`` as its publisher gives it; the author is the publisher (the
    portal records no document's authors), the year the document's own where it has one."""
    author = source.publisher or source.site
    note = f"{source.get_kind_display()}, a source of the Smart Policing Initiative project of "
    note += f"the {project.agency.name}" + (
        f", cohort {project.cohort_year}" if project.cohort_year else ""
    )
    return Citation(
        key=f"spi-{project.slug}-source-{number}",
        title=source.label,
        author=author,
        year=_year(source.date),
        url=source.url,
        accessed=accessed,
        note=note,
        publisher=source.publisher or source.site,
        kind=KIND_TYPES.get(source.kind, "webpage"),
    )


def cite_with_sources(project: Project, url: str, accessed: date) -> list[Citation]:
    """The case study's citation, then one for each document it lists (each once, copies left
    out: see ``cited_documents``)."""
    documents = [d.source for d in cited_documents(project.sources.all()) if not d.source.is_copy]
    cited = [cite_project(project, url, accessed)]
    profile = spi_profile(project)
    return cited + [
        cite_source(project, number, source, accessed)
        for number, source in enumerate(documents, start=1)
        if source != profile
    ]
