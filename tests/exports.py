"""Reading a page's rows and its take-away files, for tests that compare the two."""

import csv
import io
import json
import re

DOWNLOAD_LINE = re.compile(r'<p class="download-line">(.*?)</p>', re.S)
LINK = re.compile(r'<a href="([^"]+)">([^<]+)</a>')
PROJECT_LINK = re.compile(r'href="/sites/([-\w]+)/"')


def export_links(html: str) -> dict[str, str]:
    """The page's download links by their text ("Projects (CSV)", "BibTeX"...)."""
    (line,) = DOWNLOAD_LINE.findall(html)
    return {label: href.replace("&amp;", "&") for href, label in LINK.findall(line)}


def linked_projects(html: str) -> list[str]:
    """The slugs of the case studies ``html`` links to, in order, each once."""
    return list(dict.fromkeys(PROJECT_LINK.findall(html)))


def shown_projects(client, url: str) -> list[str]:
    """Every project a paginated page lists, following its pages (``url`` has a query)."""
    slugs, number = [], 1
    while True:
        response = client.get(f"{url}&page={number}" if number > 1 else url)
        assert response.status_code == 200, url
        section = response.text.split('id="results-title"', 1)[1].split('class="pagination"')[0]
        slugs += linked_projects(section)
        if number >= response.context["page"].paginator.num_pages:
            return slugs
        number += 1


def exported_projects(client, href: str) -> list[str]:
    """The project slugs in one download, whatever its format."""
    response = client.get(href)
    assert response.status_code == 200, href
    assert response.streaming
    body = response.getvalue().decode()
    if ".csv" in href:
        rows = list(csv.DictReader(io.StringIO(body)))
        return list(dict.fromkeys(row.get("slug") or row["project_slug"] for row in rows))
    if ".csl.json" in href:
        return [item["id"].removeprefix("spi-") for item in json.loads(body)]
    if ".json" in href:
        data = json.loads(body)
        rows = data[data["dataset"]]
        return list(dict.fromkeys(row.get("slug") or row["project_slug"] for row in rows))
    if ".bib" in href:
        return re.findall(r"@\w+\{spi-([-\w]+),", body)
    return re.findall(r"ID  - spi-([-\w]+)", body)
