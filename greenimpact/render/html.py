"""HTML of a report page: the executed notebook under a header with status and provenance.

Pages are self-contained and work offline: figures are inlined by nbconvert, its CSS is
inlined, and the ``lab`` template's CDN scripts (require.js, MathJax, mermaid, widget
manager) are left out. Consequently LaTeX in markdown cells shows as TeX source and mermaid
diagrams as text. Every string that comes from the user (names, parameters, error text) is
escaped, and the HTML a notebook's outputs carry (``text/html``, and ``text/markdown``
converted to HTML) is sanitised with nh3 (:func:`sanitise_html`) against an allow-list that
keeps tables, figures (``img`` with ``data:image/...`` URIs), links, headings, lists, code and
the classes and inline styles pandas and the site use; scripts, event handlers, ``style``
elements, iframes and JavaScript outputs are dropped. The notebook's own Markdown cells are
the author's text and are not sanitised. nbconvert is imported only when a notebook page is
rendered.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from html import escape
from urllib.parse import quote

__all__ = [
    "CSS",
    "report_header",
    "notebook_page",
    "standalone_page",
    "esc",
    "href",
    "sanitise_html",
    "sanitise_outputs",
]

_TEMPLATE_NAME = "greenimpact_report.html.j2"
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}<style type="text/css">{{ resources.greenimpact_css }}</style>{%- endblock html_head_css -%}
{%- block body_header -%}{{ super() }}{{ resources.greenimpact_header }}{%- endblock body_header -%}
"""

#: Style of the report header and the site index (no external fonts or images).
CSS = """
.gi-header { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC",
  "Microsoft YaHei", sans-serif; max-width: 1100px; margin: 0 auto 1.5em auto; padding: 1em 1.2em;
  border-bottom: 1px solid #ddd; color: #222; line-height: 1.45; }
.gi-header h1 { font-size: 1.6em; margin: 0.2em 0; }
.gi-header .gi-name { color: #666; font-family: ui-monospace, Menlo, Consolas, monospace; }
.gi-nav a { color: #0b5cad; text-decoration: none; }
.gi-badge { display: inline-block; padding: 0.1em 0.6em; border-radius: 0.8em; font-size: 0.85em;
  font-weight: 600; vertical-align: middle; }
.gi-ok { background: #e3f4e4; color: #1b6b25; }
.gi-failed { background: #fde4e1; color: #a3200f; }
.gi-other { background: #eee; color: #555; }
.gi-stale { background: #fff3cd; color: #7a5a00; }
table.gi-table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
table.gi-table th, table.gi-table td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
table.gi-table th { background: #f6f6f6; white-space: nowrap; overflow-wrap: normal; }
.gi-mono, .gi-header code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.92em; }
.gi-error { border: 2px solid #c62828; background: #fff5f4; border-radius: 6px; padding: 0.8em 1em;
  margin: 1em 0; }
.gi-error h2 { color: #a3200f; font-size: 1.25em; margin: 0 0 0.4em 0; }
.gi-error pre { background: #fff; border: 1px solid #f0c4bf; padding: 0.6em; overflow-x: auto;
  white-space: pre-wrap; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.88em; }
.gi-muted { color: #777; font-size: 0.9em; }
"""


def esc(value) -> str:
    """HTML-escape ``str(value)`` (quotes included)."""
    return escape("" if value is None else str(value), quote=True)


def href(path: str) -> str:
    """An escaped, percent-encoded relative link target."""
    return esc(quote(path, safe="/=,+-_.~"))


def value_text(value) -> str:
    """How a parameter value is shown: JSON, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False)


def status_badge(status: str) -> str:
    """A coloured status label."""
    cls = {"ok": "gi-ok", "failed": "gi-failed", "stale": "gi-stale"}.get(status, "gi-other")
    return f'<span class="gi-badge {cls}">{esc(status)}</span>'


def report_header(prov: dict, *, site_href: str = "../index.html") -> str:
    """The header shown above a report's notebook: title, status, error, parameters, links.

    Parameters
    ----------
    prov : dict
        The report's provenance record (see :mod:`greenimpact.render.provenance`).
    site_href : str
        Link back to the site index.
    """
    name = prov.get("report", "")
    title = prov.get("title") or name
    parts = [
        '<header class="gi-header">',
        f'<div class="gi-nav"><a href="{esc(site_href)}">&larr; all reports</a></div>',
        f"<h1>{esc(title)} {status_badge(prov.get('status', '?'))}</h1>",
    ]
    if title != name:
        parts.append(f'<div class="gi-name">{esc(name)}</div>')
    if prov.get("description"):
        parts.append(f"<p>{esc(prov['description'])}</p>")
    error = prov.get("error")
    if error:
        parts.append(error_box(error))
    rows = [("notebook", f"<code>{esc(prov.get('notebook', {}).get('path', ''))}</code>")]
    params = prov.get("parameters") or {}
    if params:
        items = "<br>".join(
            f"<code>{esc(k)} = {esc(value_text(v))}</code>" for k, v in params.items()
        )
        rows.append(("parameters", items))
    else:
        rows.append(("parameters", '<span class="gi-muted">notebook defaults</span>'))
    if prov.get("duration_s") is not None:
        rows.append(("run", f"{esc(prov.get('start', ''))} &middot; {prov['duration_s']:.1f} s"))
    git = prov.get("git")
    if git:
        dirty = " (uncommitted changes)" if git.get("dirty") else ""
        rows.append(("git commit", f"<code>{esc(git.get('commit', '')[:12])}</code>{esc(dirty)}"))
    links = []
    if prov.get("executed_notebook"):
        links.append(f'<a href="{href(prov["executed_notebook"])}">executed notebook</a>')
    links.append('<a href="provenance.json">provenance.json</a>')
    results = [f for f in prov.get("files", []) if f.startswith("results/")]
    links += [f'<a href="{href(f)}">{esc(f)}</a>' for f in results]
    rows.append(("files", " &middot; ".join(links)))
    parts.append('<table class="gi-table">')
    parts += [f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows]
    parts.append("</table></header>")
    return "\n".join(parts)


def error_box(error: dict) -> str:
    """The prominent failure box: reason, failing cell source and traceback (ANSI stripped)."""
    parts = ['<section class="gi-error" id="greenimpact-error">']
    parts.append(f"<h2>This report failed: {esc(error.get('summary') or error.get('reason'))}</h2>")
    if error.get("source"):
        where = []
        if error.get("cell_index") is not None:
            where.append(f"cell {error['cell_index'] + 1}")
        if error.get("execution_count") is not None:
            where.append(f"In [{error['execution_count']}]")
        label = f" ({', '.join(where)})" if where else ""
        parts.append(f"<p>Failing cell{esc(label)}:</p><pre>{esc(error['source'])}</pre>")
    if error.get("traceback"):
        parts.append(f"<p>Traceback:</p><pre>{esc(error['traceback'])}</pre>")
    if error.get("kernel_log"):
        parts.append(f"<p>Kernel output:</p><pre>{esc(error['kernel_log'])}</pre>")
    parts.append("</section>")
    return "\n".join(parts)


#: Elements kept in HTML from notebook outputs (nh3's defaults: text, tables, lists, headings,
#: ``a``, ``img``, ``figure``, ``code``/``pre``, ``details``; no script, style, iframe, form).
ALLOWED_TAGS = frozenset(
    {
        *("a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd"),
        *("del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3"),
        *("h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q"),
        *("s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody"),
        *("td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr"),
    }
)
_CELL = {"colspan", "rowspan", "align", "valign", "scope"}
#: Attributes kept, by element (``*``: every element). ``style`` keeps only the properties in
#: :data:`ALLOWED_STYLES`; URLs only ``http``, ``https``, ``mailto``, relative, and
#: ``data:image/...`` in ``img src``.
ALLOWED_ATTRIBUTES = {
    "*": {"class", "style", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "table": {"border", "cellpadding", "cellspacing"},
    "td": _CELL,
    "th": _CELL,
    "col": {"span", "width"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "time": {"datetime"},
}
#: CSS properties kept in ``style`` attributes (nothing that loads a URL).
ALLOWED_STYLES = frozenset(
    {
        *("color", "background-color", "text-align", "vertical-align", "font-weight"),
        *("font-style", "font-size", "font-family", "white-space", "width", "min-width"),
        *("max-width", "height", "padding", "padding-left", "padding-right", "margin"),
        *("border", "border-collapse", "border-bottom", "border-top", "display"),
    }
)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.I)
_DROPPED_MIME = ("javascript", "text/vnd.mermaid", "application/vnd.jupyter.widget-view+json")


def _url_filter(tag: str, attr: str, value: str):
    if attr in ("href", "src") and value.strip().lower().startswith("data:"):
        return value if tag == "img" and _DATA_IMAGE.match(value.strip()) else None
    return value


def sanitise_html(html: str) -> str:
    """HTML from a notebook output, cleaned with nh3 against the allow-list above.

    Examples
    --------
    >>> sanitise_html('<b onclick="x()">Baosteel</b><img src=x onerror="alert(1)">')
    '<b>Baosteel</b><img src="x">'
    >>> sanitise_html('<table class="dataframe"><tr><td style="color: red; position: fixed">1</td></tr></table>')
    '<table class="dataframe"><tbody><tr><td style="color:red">1</td></tr></tbody></table>'
    """
    import nh3

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_url_filter,
        url_schemes={"http", "https", "mailto", "data"},
        filter_style_properties=set(ALLOWED_STYLES),
        strip_comments=True,
    )


def sanitise_outputs(nb):
    """A copy of notebook ``nb`` whose outputs can be shown safely.

    ``text/html`` is cleaned with :func:`sanitise_html`; ``text/markdown`` is converted to
    HTML (as nbconvert would) and cleaned; JavaScript, mermaid and widget outputs, which would
    run or inject markup unescaped, are dropped. Other outputs (text, images, LaTeX) are
    escaped or inlined as images by nbconvert itself.
    """
    from nbconvert.filters.markdown import markdown2html

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            for mime in [m for m in data if any(d in m for d in _DROPPED_MIME)]:
                del data[mime]
            if "text/markdown" in data:
                markdown = data.pop("text/markdown")
                if "text/html" not in data:
                    data["text/html"] = markdown2html(
                        markdown if isinstance(markdown, str) else "".join(markdown)
                    )
            if "text/html" in data:
                html = data["text/html"]
                data["text/html"] = sanitise_html(html if isinstance(html, str) else "".join(html))
    return nb


def standalone_page(title: str, body: str) -> str:
    """A complete, self-contained HTML page around ``body`` (already escaped HTML)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}\nbody {{ margin: 0; }}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def notebook_page(
    nb, header: str, *, show_input: bool = False, notebook_dir: str | None = None
) -> str:
    """HTML of an executed notebook (a ``NotebookNode``) with ``header`` on top.

    Input cells are hidden unless ``show_input``; papermill's error marker cells are dropped
    (the header shows the error instead); outputs are sanitised (:func:`sanitise_outputs`);
    CSS comments are removed from inlined styles.
    """
    nb = sanitise_outputs(nb)
    exporter = _exporter(bool(show_input))
    resources = {
        "greenimpact_header": header,
        "greenimpact_css": CSS,
        "metadata": {"path": notebook_dir or "", "name": ""},
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return _strip_css_comments(body)


@lru_cache(maxsize=2)
def _exporter(show_input: bool):
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = ["papermill-error-cell-tag"]
    exporter = HTMLExporter(
        config=config,
        template_name="lab",
        extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        template_file=_TEMPLATE_NAME,
    )
    exporter.exclude_input = not show_input
    exporter.exclude_input_prompt = not show_input
    exporter.exclude_output_prompt = not show_input
    exporter.embed_images = True
    return exporter


def warm_up(show_input: bool = False) -> None:
    """Build the exporter and compile its templates (done once, before forking workers)."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    notebook_page(nb, "", show_input=show_input)


_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _strip_css_comments(page: str) -> str:
    return _STYLE.sub(lambda m: m.group(1) + _CSS_COMMENT.sub("", m.group(2)) + m.group(3), page)
