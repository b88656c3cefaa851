"""The labelled set's workflow: chunks for two independent passes, their agreement, and the merge.

    python training/labelling.py chunks      # new pages in data/judgement/collect → labels/chunks/
    python training/labelling.py disagree    # sentences the passes disagree on → labels/adjudicate/
    python training/labelling.py merge       # passes + third readings → sentences.jsonl, agreement

Each chunk holds whole pages of one site in page order, with the site's sellers, so a labeller
reads every sentence in its page. A pass sees only the guide and its chunk.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "judgement"
OLD = Path(__file__).resolve().parent.parent / "data" / "judgement" / "first-set"
LABELS = ("self_focus", "reader_focus", "benefit", "self_praise")
CHUNK = 300


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def sellers() -> dict[str, list[str]]:
    found = {
        k: v
        for k, v in json.loads((OLD / "brands.json").read_text()).items()
        if not k.startswith("_")
    }
    for meta in (DATA / "collect").glob("*.meta.json"):
        info = json.loads(meta.read_text())
        found[info["site"]] = info["sellers"]
    return found


def pool() -> list[dict]:
    """Every sentence to label: the first set's 624 and everything collected, with ids."""
    brands = sellers()
    rows: list[dict] = []
    order: dict[str, int] = defaultdict(int)
    for old in read_jsonl(OLD / "sentences.jsonl"):
        site = old["source"].split("/")[0]
        order[old["source"]] += 1
        rows.append(
            {
                "id": old["id"],
                "site": site,
                "kind": _KINDS.get(site, "developer tools"),
                "source": old["source"],
                "n": order[old["source"]],
                "text": old["text"],
                "unit": "sentence",
            }
        )
    for path in sorted((DATA / "collect").glob("*.jsonl")):
        tag = "-more" if path.stem.endswith("-more") else ""  # a later top-up of the same site
        for k, row in enumerate(read_jsonl(path), 1):
            rows.append(
                {
                    "id": f"{row['site']}{tag}-{k:04d}",
                    **{key: row[key] for key in ("site", "kind", "source", "n", "text", "unit")},
                }
            )
    for row in rows:
        row["sellers"] = brands.get(row["site"], [])
    return rows


_KINDS = {"zulip": "saas", "postmark-templates": "saas"}


def chunks(only: list[str]) -> None:
    """Write chunks for the named sites (or all) that have none yet; pages are never split."""
    out = DATA / "labels" / "chunks"
    done = {row["id"] for path in out.glob("*.jsonl") for row in read_jsonl(path)}
    by_site: dict[str, list[dict]] = defaultdict(list)
    for row in pool():
        if row["id"] not in done and (not only or row["site"] in only):
            by_site[row["site"]].append(row)
    number = len(list(out.glob("*.jsonl")))
    current: list[dict] = []
    for site in sorted(by_site):
        pages: dict[str, list[dict]] = defaultdict(list)
        for row in by_site[site]:
            pages[row["source"]].append(row)
        for page in pages.values():
            if current and len(current) + len(page) > CHUNK:
                number += 1
                write_jsonl(out / f"chunk{number:02d}.jsonl", current)
                current = []
            current.extend(page)
    if current:
        number += 1
        write_jsonl(out / f"chunk{number:02d}.jsonl", current)
    for path in sorted(out.glob("*.jsonl")):
        rows = read_jsonl(path)
        print(path.name, len(rows), sorted({r["site"] for r in rows}))


def passes() -> tuple[dict[str, dict], dict[str, dict]]:
    """Pass A's and pass B's labels by sentence id."""
    found = []
    for name in ("pass-a", "pass-b"):
        paths = sorted((DATA / "labels" / name).glob("*.jsonl"))
        rows = [r for path in paths for r in read_jsonl(path)]
        found.append({r["id"]: r for r in rows})
    return found[0], found[1]


def agreement(a: dict[str, dict], b: dict[str, dict], ids: list[str]) -> dict[str, dict]:
    """F1 (pass B read against pass A; symmetric) and Cohen's kappa per label."""
    figures = {}
    for label in LABELS:
        pairs = [(bool(a[i][label]), bool(b[i][label])) for i in ids]
        both = sum(x and y for x, y in pairs)
        only_a = sum(x and not y for x, y in pairs)
        only_b = sum(y and not x for x, y in pairs)
        n = len(pairs)
        f1 = 2 * both / (2 * both + only_a + only_b) if both + only_a + only_b else 1.0
        observed = sum(x == y for x, y in pairs) / n
        pa, pb = sum(x for x, _ in pairs) / n, sum(y for _, y in pairs) / n
        expected = pa * pb + (1 - pa) * (1 - pb)
        kappa = (observed - expected) / (1 - expected) if expected < 1 else 1.0
        figures[label] = {
            "f1": round(f1, 3),
            "kappa": round(kappa, 3),
            "positives_a": sum(x for x, _ in pairs),
            "positives_b": sum(y for _, y in pairs),
        }
    return figures


def disagree() -> None:
    """Write the sentences the passes disagree on, with page context, for a third reading."""
    a, b = passes()
    rows = {r["id"]: r for r in pool()}
    by_page: dict[str, list[dict]] = defaultdict(list)
    for row in rows.values():
        by_page[row["source"]].append(row)
    out = []
    for sid, row in rows.items():
        if sid not in a or sid not in b:
            continue
        differ = [label for label in LABELS if bool(a[sid][label]) != bool(b[sid][label])]
        if not differ:
            continue
        page = sorted(by_page[row["source"]], key=lambda r: r["n"])
        k = next(i for i, r in enumerate(page) if r["id"] == sid)
        out.append(
            {
                **row,
                "disputed": differ,
                "before": [r["text"] for r in page[max(0, k - 2) : k]],
                "after": [r["text"] for r in page[k + 1 : k + 3]],
            }
        )
    folder = DATA / "labels" / "adjudicate"
    settled = {r["id"] for path in folder.glob("*.decided.jsonl") for r in read_jsonl(path)}
    out = [row for row in out if row["id"] not in settled]
    number = len(list(folder.glob("part*.decided.jsonl"))) + 1
    if out:
        write_jsonl(folder / f"part{number}.jsonl", out)
    print(len(out), "sentences to settle", f"in part{number}.jsonl" if out else "")
    ids = sorted(set(a) & set(b))
    print(json.dumps(agreement(a, b, ids), indent=1))


# Split by site, so the test figures say how the judgement does on sites it has never seen. Each
# split holds every kind of business it can; e-commerce has one site, so it trains.
SPLITS = {
    "test": ("firefox-relay", "umami", "18f", "gitpod-website"),
    "dev": ("thunderbird", "opencollective", "freecodecamp", "elixir-lang-site"),
}


def split_of(site: str) -> str:
    return next((name for name, sites in SPLITS.items() if site in sites), "train")


def merge() -> None:
    """Passes + third readings → sentences.jsonl (majority of three on a disputed label),
    brands.json, and the agreement figures in agreement.json."""
    a, b = passes()
    third: dict[str, dict] = {}
    for path in sorted((DATA / "labels" / "adjudicate").glob("*.decided.jsonl")):
        third.update({r["id"]: r for r in read_jsonl(path)})
    rows, unsettled = [], []
    for row in pool():
        sid = row["id"]
        if sid not in a or sid not in b:
            continue
        labels, notes = {}, []
        for label in LABELS:
            first, second = bool(a[sid][label]), bool(b[sid][label])
            if first == second:
                labels[label] = first
            elif sid in third and label in third[sid]:
                labels[label] = bool(third[sid][label])
                notes.append(f"{label} settled by a third reading: {third[sid].get('note', '')}")
            else:
                unsettled.append(sid)
                labels[label] = first
        hard = bool(a[sid].get("hard")) or bool(b[sid].get("hard")) or bool(notes)
        note = " | ".join(notes) or a[sid].get("note") or b[sid].get("note") or ""
        rows.append(
            {
                "id": sid,
                "text": row["text"],
                "site": row["site"],
                "kind": row["kind"],
                "source": row["source"],
                "unit": row["unit"],
                "split": split_of(row["site"]),
                **labels,
                "hard": hard,
                **({"note": note} if note else {}),
            }
        )
    write_jsonl(DATA / "sentences.jsonl", rows)
    brands = {"_comment": "The sellers' names a team at each site would configure, by site."}
    brands.update({site: names for site, names in sorted(sellers().items())})
    (DATA / "brands.json").write_text(json.dumps(brands, indent=1, ensure_ascii=False) + "\n")
    ids = [r["id"] for r in rows]
    figures = {"all": agreement(a, b, ids)}
    for name in ("train", "dev", "test"):
        figures[name] = agreement(a, b, [r["id"] for r in rows if r["split"] == name])
    (DATA / "agreement.json").write_text(json.dumps(figures, indent=1) + "\n")
    print(len(rows), "sentences;", len(set(unsettled)), "with a disagreement not yet settled")
    for name in ("train", "dev", "test"):
        part = [r for r in rows if r["split"] == name]
        print(name, len(part), {label: sum(r[label] for r in part) for label in LABELS})


def sources() -> None:
    """SOURCES.md: every site with its kind, split, size, repository and licence, then each
    collected site's licence evidence, pages and extraction notes from its meta file."""
    rows = read_jsonl(DATA / "sentences.jsonl")
    count = defaultdict(int)
    for row in rows:
        count[row["site"]] += 1
    split = {r["site"]: r["split"] for r in rows}
    kind = {r["site"]: r["kind"] for r in rows}
    metas = {}
    for path in sorted((DATA / "collect").glob("*.meta.json")):
        meta = json.loads(path.read_text())
        metas[meta["site"]] = meta
    corpus = (DATA / "CORPUS-SOURCES.md").read_text()
    lines = [
        "# Sources of the labelled sentences",
        "",
        "Every `text` in `sentences.jsonl` and every `before` in `pairs.jsonl` is a verbatim",
        "excerpt of public website copy written by the projects below, not by customerlens: markup",
        "stripped (tags, template syntax, Markdown emphasis and link targets, entities decoded;",
        "translation",
        "placeholders replaced by the brand name they stand for), white space normalised, no word",
        "changed, added or reordered. The `after` texts in `pairs.jsonl` are rewrites (GUIDE.md).",
        "Each excerpt keeps the licence of the repository it comes from (texts in `licenses/`).",
        "",
        "| site | kind | split | sentences | repository | licence of the text |",
        "|---|---|---|---:|---|---|",
    ]
    for site in sorted(count, key=lambda s: (split[s], s)):
        meta = metas.get(site, CORPUS_SITES.get(site, {}))
        lines.append(
            f"| {site} | {kind[site]} | {split[site]} | {count[site]} |"
            f" {meta.get('repository', '')} | {meta.get('licence', '')} |"
        )
    lines += ["", corpus.strip(), "", "## The sites collected for this set", ""]
    for site, meta in sorted(metas.items()):
        more = DATA / "collect" / f"{site}-more.pages.txt"
        extra = more.read_text().split("\n") if more.exists() else []
        lines += [
            f"### {site} — {meta.get('name', site)} ({meta['kind']})",
            "",
            f"- Repository: {meta['repository']}",
            f"- Licence: {meta['licence']} — {meta['licence_evidence']}",
            f"- Licence text: `licenses/{site}.LICENSE`",
            f"- Sellers (the brand names configured to evaluate it): {', '.join(meta['sellers'])}",
            f"- Pages: {'; '.join(meta['pages'])}",
            *(
                [f"- Top-up pages: {'; '.join(x.strip() for x in extra if x.strip())}"]
                if extra
                else []
            ),
            f"- Notes: {meta.get('notes', '')}",
            "",
        ]
    (DATA / "SOURCES.md").write_text("\n".join(lines) + "\n")


CORPUS_SITES = {
    "linkerd-website": {
        "repository": "https://github.com/linkerd/website",
        "licence": "Apache-2.0",
    },
    "cilium-io": {"repository": "https://github.com/cilium/cilium.io", "licence": "CC-BY-4.0"},
    "elixir-lang-site": {
        "repository": "https://github.com/elixir-lang/elixir-lang.github.com",
        "licence": "Apache-2.0 (blog text)",
    },
    "gitpod-website": {"repository": "https://github.com/gitpod-io/website", "licence": "MIT"},
    "postmark-templates": {
        "repository": "https://github.com/ActiveCampaign/postmark-templates",
        "licence": "MIT",
    },
    "zulip": {"repository": "https://github.com/zulip/zulip", "licence": "Apache-2.0"},
}


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "chunks":
        chunks(sys.argv[2:])
    else:
        {"disagree": disagree, "merge": merge, "sources": sources}[command]()
