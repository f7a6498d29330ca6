"""Where facts come from (sources) and the documents readers can take away (resources)."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from editorial.models import Publishable
from projects.uploads import RandomName


class SourceKind(models.TextChoices):
    """What a source is, in the order a reader looks for them: reports first, copies last."""

    FINAL_REPORT = "final_report", "Final report"
    SPOTLIGHT = "spotlight", "Site spotlight"
    ARTICLE = "article", "Journal article"
    LIBRARY_RECORD = "library_record", "Library record"
    SPI_PROFILE = "spi_profile", "SPI site profile"
    BJA_AWARD = "bja_award", "BJA award page"
    GOVERNMENT_RECORD = "government_record", "Local government record"
    NEWS = "news", "News"
    SPI_PAGE = "spi_page", "SPI website page"
    OTHER = "other", "Other"
    MIRROR = "mirror", "Copy on a document-sharing site"


# Document-sharing sites that re-host other people's files under their own address: what they
# show is a copy, never the original.
MIRROR_HOSTS = {
    "1library.net",
    "cupdf.com",
    "docslib.org",
    "documents.pub",
    "dokumen.tips",
    "fdocuments.in",
    "fdocuments.net",
    "fdocuments.us",
    "healthdocbox.com",
    "kipdf.com",
    "pdffox.com",
    "pdfslide.net",
    "pdfslide.us",
    "read-me.org",
    "sambuz.com",
    "slideplayer.com",
    "studylib.net",
    "twtext.com",
    "vdocument.in",
    "vdocuments.mx",
    "vdocuments.net",
    "vdocuments.site",
    "vdocuments.us",
}
SPI_HOSTS = {
    "smart-policing.com",
    "smartpolicinginitiative.com",
    "strategiesforpolicinginnovation.com",
}
PUBLISHERS = {
    **dict.fromkeys(SPI_HOSTS, "Smart Policing Initiative"),
    "bja.ojp.gov": "Bureau of Justice Assistance",
    "ojp.gov": "Office of Justice Programs",
    "ncjrs.gov": "National Criminal Justice Reference Service",
    "crimesolutions.gov": "CrimeSolutions (National Institute of Justice)",
}
# The rules an imported address is classified by, first match wins; editors correct the rest.
_KIND_RULES = [
    (re.compile(r"^bja\.ojp\.gov/funding/awards/"), SourceKind.BJA_AWARD),
    (re.compile(r"/spi-?sites/", re.IGNORECASE), SourceKind.SPI_PROFILE),
    (re.compile(r"/spotlight-reports/"), SourceKind.SPOTLIGHT),
    (re.compile(r"^(ojp\.gov/ncjrs/|ncjrs\.gov/|ojp\.gov/library/)"), SourceKind.LIBRARY_RECORD),
    (
        re.compile(r"legistar\.com/|/weblink/|\.gov/council/", re.IGNORECASE),
        SourceKind.GOVERNMENT_RECORD,
    ),
    (re.compile(r"^doi\.org/"), SourceKind.ARTICLE),
]


def normalize_host(url: str) -> str:
    """The host without "www." or a trailing dot: "ojp.gov." and "www.ojp.gov" are one site."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.").rstrip(".")


_NETLOC = re.compile(r"(?P<user>[^@/]*@)?(?P<host>[^:@/\[\]]+?)\.+(?P<port>:\d+)?")


def canonical_address(url: str) -> str:
    """``url`` with the trailing dot of its host dropped ("https://ojp.gov./x" is
    "https://ojp.gov/x"): the same page, and the spelling a reader expects to see and follow."""
    parts = urlsplit(url)
    match = _NETLOC.fullmatch(parts.netloc)
    if match is None:
        return url
    netloc = f"{match['user'] or ''}{match['host']}{match['port'] or ''}"
    return urlunsplit(parts._replace(netloc=netloc))


def url_key(url: str) -> str:
    """What makes two addresses the same page: not the scheme, "www.", a trailing dot or slash;
    nor, on the SPI website, which of its domains served it, an "/index.php" before the path or
    asking for the first page ("?page=0") of a paged list."""
    parts = urlsplit(url)
    host, path, query = normalize_host(url), parts.path.rstrip("/"), parts.query
    if host in SPI_HOSTS:
        host, path = "smart-policing.com", path.removeprefix("/index.php")
        query = "" if query == "page=0" else query
    return f"{host}{path}" + (f"?{query}" if query else "")


def describe_url(url: str) -> dict:
    """The kind and publisher an address tells, for a source recorded without them."""
    host = normalize_host(url)
    if host in MIRROR_HOSTS:
        return {"kind": SourceKind.MIRROR, "publisher": ""}
    fallback = SourceKind.SPI_PAGE if host in SPI_HOSTS else SourceKind.OTHER
    address = url_key(url)
    kind = next((k for rule, k in _KIND_RULES if rule.search(address)), fallback)
    return {"kind": kind, "publisher": PUBLISHERS.get(host, "")}


class Source(models.Model):
    """A public address a fact or figure was taken from: a profile page, a report, an article.
    A copy on a document-sharing site names, where known, the original it copies."""

    url = models.URLField("address", max_length=500, unique=True)
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The document's own title; where none is known, a plain description "
        "(“BJA award page: 2012-DB-BX-0004”), never an invented title.",
    )
    publisher = models.CharField(max_length=200, blank=True)
    date = models.CharField(
        max_length=40, blank=True, help_text="As the source dates itself: “2013”, “March 2014”."
    )
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    copy_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name="original",
        help_text="For a copy: the original, or the publisher's or a library's record of it.",
    )

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.label

    def clean(self):
        if self.copy_of_id is None:
            return
        if self.kind != SourceKind.MIRROR:
            raise ValidationError({"copy_of": "Only a copy names an original."})
        if self.copy_of_id == self.pk or self.copy_of.kind == SourceKind.MIRROR:
            raise ValidationError({"copy_of": "The original must be another, non-copy source."})

    @property
    def site(self) -> str:
        """The host a reader will land on, shown beside the link ("crimesolutions.gov")."""
        return normalize_host(self.url)

    @property
    def is_copy(self) -> bool:
        return self.kind == SourceKind.MIRROR

    @property
    def label(self) -> str:
        """What a link to this source reads: its title, or what it is and who published it;
        never a bare domain."""
        if self.title:
            return self.title
        return f"{self.get_kind_display()} ({self.publisher or self.site})"


@dataclass
class CitedDocument:
    """One document in a project's source list, with the copies of it the project also cites."""

    source: Source
    copies: list[Source] = field(default_factory=list)


def cited_documents(sources) -> list[CitedDocument]:
    """A project's sources as a reader's list: each document once. The same page at two
    spellings of its address (``url_key``), or a document and its library record under one
    title, is listed once; a copy whose original is also cited is folded into the original's
    entry; and the list runs from reports to copies."""
    by_key: dict[tuple, CitedDocument] = {}
    documents = []
    for source in sources:
        # A report and its library record (an NCJ abstract) carry the same title: one
        # document too. A copy is folded under its original instead (below).
        keys = [("address", url_key(source.url))]
        if source.title and not source.is_copy:
            keys.append(("title", source.title.casefold()))
        if any(key in by_key for key in keys):
            continue
        document = CitedDocument(source)
        documents.append(document)
        by_key.update(dict.fromkeys(keys, document))
    originals = {c.source.pk: c for c in documents}
    listed = []
    for document in documents:
        original = originals.get(document.source.copy_of_id)
        if original is not None and original is not document:
            original.copies.append(document.source)
        else:
            listed.append(document)
    order = {kind: i for i, kind in enumerate(SourceKind.values)}
    return sorted(listed, key=lambda c: order.get(c.source.kind, len(order)))


class ResourceKind(models.TextChoices):
    SPOTLIGHT = "spotlight", "Site spotlight"
    FINAL_REPORT = "final_report", "Final report"
    RESEARCH_BRIEF = "research_brief", "Research brief"
    ARTICLE = "article", "Journal article"
    GUIDE = "guide", "Guide"
    WEBINAR = "webinar", "Webinar"
    OTHER = "other", "Other document"


class Resource(Publishable):
    """A report, guide or webinar about one or more projects: a file or an address."""

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices, default=ResourceKind.OTHER)
    url = models.URLField("address", max_length=500, blank=True)
    file = models.FileField(upload_to=RandomName("resources"), blank=True)
    description = models.TextField(blank=True)
    projects = models.ManyToManyField("projects.Project", related_name="resources", blank=True)

    class Meta:
        ordering = [Lower("title")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""),
                name="resource_has_url_or_file",
            )
        ]
        permissions = [("publish_resource", "Can publish, schedule and unpublish resources")]

    def __str__(self):
        return self.title

    def content_problems(self) -> list[str]:
        problems = []
        if not self.title.strip():
            problems.append("The title is empty.")
        if not self.url and not self.file:
            problems.append("A resource needs an address or a file.")
        return problems

    def publish_problems(self) -> list[str]:
        """Everything that stops this resource from being published; empty when it is ready."""
        return self.content_problems()

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url

    @staticmethod
    def kind_for_title(title: str) -> str:
        """Guess the kind of an imported report from its title; editors can correct it."""
        lowered = title.casefold()
        for words, kind in (
            (("spotlight",), ResourceKind.SPOTLIGHT),
            (("final report",), ResourceKind.FINAL_REPORT),
            (("brief",), ResourceKind.RESEARCH_BRIEF),
            (("journal", "article"), ResourceKind.ARTICLE),
            (("webinar",), ResourceKind.WEBINAR),
            (("guide",), ResourceKind.GUIDE),
        ):
            if any(word in lowered for word in words):
                return kind
        return ResourceKind.OTHER
