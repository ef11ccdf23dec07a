"""The gallery: each experiment's figure beside its claim and its numbers.

Written twice from one list of entries: `index.md` (read on GitHub or in an
editor) and `index.html` (opened in a browser); plus `findings.json` with
every number. The HTML is a few tags written here, since a Markdown
renderer would be one more dependency for one page.
"""

import html
import json
import os


def write_gallery(outcomes, out, about):
    """Writes `out/index.md`, `out/index.html` and `out/findings.json`.

    Args:
        outcomes: `kzoo.course.catalog.Outcome`s, in order.
        out: The folder that holds the figures.
        about: `(label, value)` pairs for the header: command, data, seed,
            versions.

    Returns:
        The path of `index.md`.
    """
    entries = [_entry(outcome, out) for outcome in outcomes]
    (out / "index.md").write_text(_markdown(entries, about))
    (out / "index.html").write_text(_html(entries, about))
    findings = {"about": dict(about), "experiments": [o.to_json() for o in outcomes]}
    (out / "findings.json").write_text(json.dumps(findings, indent=2) + "\n")
    return out / "index.md"


def _entry(outcome, out):
    """What both pages show of one outcome."""
    finding = outcome.finding
    entry = {
        "heading": f"{outcome.experiment.number}. {outcome.title}",
        "seconds": f"{outcome.seconds:.1f} s",
    }
    if finding is None:
        entry["error"] = outcome.error
        return entry
    figure = os.path.relpath(finding.figure, out)
    return {
        **entry,
        "claim": finding.claim,
        "figure": figure.replace(os.sep, "/"),
        "measured": finding.measured,
        "verdict": "shown" if finding.holds else "not shown in this run",
        "look": finding.look,
    }


def _markdown(entries, about):
    lines = ["# The course's claims, measured", ""]
    lines += [f"- {label}: {value}" for label, value in about] + [""]
    for entry in entries:
        lines += [f"## {entry['heading']}", ""]
        if "error" in entry:
            lines += [f"**Failed** after {entry['seconds']}: `{entry['error']}`", ""]
            continue
        lines += [
            f"**Claim.** {entry['claim']}",
            "",
            f"![{entry['heading']}]({entry['figure']})",
            "",
            f"**Measured** ({entry['seconds']}): {entry['measured']} "
            f"Effect {entry['verdict']}.",
            "",
            f"**What to look at.** {entry['look']}",
            "",
        ]
    return "\n".join(lines)


def _html(entries, about):
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>The course's claims, measured</title>",
        "<style>body{font-family:sans-serif;max-width:1250px;margin:auto;"
        "padding:1em}img{max-width:100%}section{border-top:1px solid #ccc;"
        "margin-top:2em}.failed{color:#b00}</style>",
        "</head><body>",
        "<h1>The course's claims, measured</h1>",
        "<ul>",
        *(f"<li>{e(label)}: {e(str(value))}</li>" for label, value in about),
        "</ul>",
    ]
    for entry in entries:
        parts.append(f"<section><h2>{e(entry['heading'])}</h2>")
        if "error" in entry:
            parts.append(
                f'<p class="failed"><b>Failed</b> after {e(entry["seconds"])}: '
                f"<code>{e(entry['error'])}</code></p></section>"
            )
            continue
        parts += [
            f"<p><b>Claim.</b> {e(entry['claim'])}</p>",
            f'<img src="{e(entry["figure"])}" alt="{e(entry["heading"])}">',
            f"<p><b>Measured</b> ({e(entry['seconds'])}): {e(entry['measured'])} "
            f"Effect {e(entry['verdict'])}.</p>",
            f"<p><b>What to look at.</b> {e(entry['look'])}</p>",
            "</section>",
        ]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
