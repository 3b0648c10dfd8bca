"""The site index (``<out>/index.html``): every report of the manifest with its status.

The index is rebuilt from the reports' ``provenance.json`` files at the start of every build,
after each finished report and at the end (also after an interrupted build), so it describes
what is on disk. A failed re-render kept beside the last good build is shown as "failed, showing
the build of <date>" with the failure's reason and a link to its page. It is written to a temporary
file and moved into place with :func:`os.replace` (:func:`greenimpact.fileio.atomic_write_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from greenimpact.fileio import atomic_write_text
from greenimpact.render.html import esc, href, standalone_page, status_badge, value_text
from greenimpact.render.provenance import utc_now

__all__ = ["SiteEntry", "write_site_index", "site_index_html", "atomic_write_text"]


@dataclass(frozen=True)
class SiteEntry:
    """One row of the site index.

    Attributes
    ----------
    name : str
        Report name (= folder name).
    notebook : str
        Notebook path as written in the manifest.
    parameters : dict
        Parameters of the built report, else the manifest's.
    state : str
        ``fresh``, ``stale``, ``failed`` or ``never built``.
    provenance : dict or None
        The report's provenance record, if it was built.
    title : str
        Title from the manifest.
    failure : dict or None
        Provenance of a failed re-render kept beside the good build in ``provenance``.
    """

    name: str
    notebook: str
    parameters: dict
    state: str
    provenance: dict | None = None
    title: str = ""
    failure: dict | None = None


def site_index_html(entries, *, heading: str = "Reports", summary: str = "") -> str:
    """The HTML of the site index."""
    counts = {}
    for e in entries:
        counts[e.state] = counts.get(e.state, 0) + 1
    tally = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    rows = []
    for e in entries:
        prov = e.provenance or {}
        status = prov.get("status") or "not built"
        badges = status_badge(status)
        if e.state == "stale":
            badges += " " + status_badge("stale")
        built = prov.get("end") or ""
        duration = f"{prov['duration_s']:.1f} s" if prov.get("duration_s") is not None else ""
        params = (
            "<br>".join(
                f"<code>{esc(k)} = {esc(value_text(v))}</code>"
                for k, v in (prov.get("parameters", e.parameters) or {}).items()
            )
            or '<span class="gi-muted">defaults</span>'
        )
        if prov:
            name_cell = f'<a href="{href(e.name)}/index.html">{esc(e.name)}</a>'
            links = [f'<a href="{href(e.name)}/index.html">page</a>']
            if prov.get("executed_notebook"):
                links.append(
                    f'<a href="{href(e.name)}/{href(prov["executed_notebook"])}">notebook</a>'
                )
            links.append(f'<a href="{href(e.name)}/provenance.json">provenance</a>')
            links += [
                f'<a href="{href(e.name)}/{href(f)}">{esc(f.removeprefix("results/"))}</a>'
                for f in prov.get("files", [])
                if f.startswith("results/")
            ]
        else:
            name_cell, links = esc(e.name), []
        title = f'<div class="gi-muted">{esc(e.title)}</div>' if e.title else ""
        error = prov.get("error") or {}
        err = f'<div class="gi-failed">{esc(error.get("summary", ""))}</div>' if error else ""
        if e.failure is not None:
            badges = status_badge("failed")
            failed = e.failure.get("error") or {}
            page = (
                f' &middot; <a href="{href(e.name)}/last-failure/index.html">failure page</a>'
                if e.failure.get("saved", True)
                else ""
            )
            err = (
                f'<div class="gi-failed">failed, showing the build of {esc(built)}: '
                f"{esc(failed.get('summary', ''))}{page}</div>"
            )
        rows.append(
            "<tr>"
            f"<td>{name_cell}{title}</td><td>{badges}{err}</td><td>{params}</td>"
            f'<td class="gi-mono">{esc(e.notebook)}</td><td>{esc(duration)}</td>'
            f'<td class="gi-mono">{esc(built)}</td><td>{" &middot; ".join(links)}</td>'
            "</tr>"
        )
    body = [
        '<div class="gi-header">',
        f"<h1>{esc(heading)}</h1>",
        f'<p class="gi-muted">{esc(len(entries))} reports: {esc(tally)}. '
        f"Index written {esc(utc_now())}.{(' ' + esc(summary)) if summary else ''}</p>",
        '<table class="gi-table"><tr><th>report</th><th>status</th><th>parameters</th>'
        "<th>notebook</th><th>duration</th><th>built (UTC)</th><th>files</th></tr>",
        *rows,
        "</table></div>",
    ]
    return standalone_page(heading, "\n".join(body))


def write_site_index(out_dir, entries, *, heading: str = "Reports", summary: str = "") -> Path:
    """Write ``<out_dir>/index.html`` atomically and return its absolute path."""
    path = Path(out_dir).resolve() / "index.html"
    atomic_write_text(path, site_index_html(entries, heading=heading, summary=summary))
    return path
