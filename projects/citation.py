"""How to cite a case study: a plain-text reference, BibTeX, RIS and CSL-JSON, built from one
record so the four never disagree."""

from dataclasses import dataclass
from datetime import date

from projects.models import Project

PUBLISHER = "Smart Policing Initiative Portal"


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    author: str
    year: int
    url: str
    accessed: date
    note: str

    @property
    def plain(self) -> str:
        return (
            f"{self.author}. ({self.year}). {self.title} [Case study]. {self.note}. "
            f"Retrieved {self.accessed:%B} {self.accessed.day}, {self.accessed:%Y}, "
            f"from {self.url}"
        )

    @property
    def bibtex(self) -> str:
        def braced(text: str) -> str:
            return text.replace("\\", "").replace("{", "(").replace("}", ")")

        return (
            f"@misc{{{self.key},\n"
            f"  author = {{{{{braced(self.author)}}}}},\n"
            f"  title = {{{braced(self.title)}}},\n"
            f"  year = {{{self.year}}},\n"
            f"  howpublished = {{\\url{{{self.url}}}}},\n"
            f"  note = {{{braced(self.note)}. Accessed {self.accessed.isoformat()}}}\n"
            "}\n"
        )

    @property
    def ris(self) -> str:
        lines = [
            ("TY", "ELEC"),
            ("AU", self.author),
            ("TI", self.title),
            ("PY", str(self.year)),
            ("PB", PUBLISHER),
            ("UR", self.url),
            ("Y2", self.accessed.isoformat()),
            ("N1", self.note),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)

    @property
    def csl(self) -> dict:
        """A CSL-JSON item, what Zotero, Mendeley and Pandoc read."""
        return {
            "id": self.key,
            "type": "webpage",
            "genre": "Case study",
            "title": self.title,
            "author": [{"literal": self.author}],
            "publisher": PUBLISHER,
            "issued": {"date-parts": [[self.year]]},
            "accessed": {
                "date-parts": [[self.accessed.year, self.accessed.month, self.accessed.day]]
            },
            "URL": self.url,
            "note": self.note,
        }


def cite_project(project: Project, url: str, accessed: date) -> Citation:
    published = project.first_published_at or project.updated_at
    note = f"Smart Policing Initiative project of the {project.agency.name}"
    if project.cohort_year:
        note += f", cohort {project.cohort_year}"
    return Citation(
        key=f"spi-{project.slug}",
        title=f"{project.agency.name}: {project.display_title}",
        author=PUBLISHER,
        year=published.year if published else accessed.year,
        url=url,
        accessed=accessed,
        note=note,
    )
