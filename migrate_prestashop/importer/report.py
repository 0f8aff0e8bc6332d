"""What an import did, row by row: counts, skips with reasons, notes for staff."""

import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

ACTIONS = ("created", "updated", "unchanged", "kept staff edit")


@dataclass
class Report:
    dry_run: bool = False
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    skipped: list = field(default_factory=list)
    edits_kept: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    # Titled lists of lines, each shown in full (e.g. special prices).
    sections: dict = field(default_factory=lambda: defaultdict(list))

    def count(self, kind: str, action: str, n: int = 1):
        self.counts[kind][action] += n

    def skip(self, kind: str, old_id, reason: str, detail: str = ""):
        """Record a skipped row; rows with one reason are listed together."""
        self.skipped.append(
            (kind, f"{old_id} ({detail})" if detail else old_id, reason)
        )
        self.counts[kind]["skipped"] += 1

    def kept_edit(self, kind: str, old_id, name: str, fields):
        self.edits_kept.append((kind, old_id, name, sorted(fields)))
        self.counts[kind]["kept staff edit"] += 1

    def note(self, text: str):
        self.notes.append(text)

    def line(self, section: str, text: str):
        self.sections[section].append(text)

    def render(self) -> str:
        head = "Dry run: nothing was saved." if self.dry_run else "Import finished."
        lines = [head, "", "What came over:"]
        for kind, counter in self.counts.items():
            order = [*ACTIONS, *sorted(set(counter) - {*ACTIONS, "skipped"}), "skipped"]
            parts = [f"{counter[a]} {a}" for a in order if counter[a]]
            lines.append(f"  {kind}: {', '.join(parts) or 'nothing'}")
        if self.edits_kept:
            lines += [
                "",
                "Edited in the new shop since the last import (kept, not "
                "overwritten; change them by hand if the old shop is right):",
            ]
            for kind, old_id, name, fields in self.edits_kept:
                lines.append(f"  {kind} {old_id} “{name}”: {', '.join(fields)}")
        if self.skipped:
            lines += ["", "Skipped:"]
            by_reason = defaultdict(list)
            for kind, old_id, reason in self.skipped:
                by_reason[(kind, reason)].append(str(old_id))
            for (kind, reason), ids in by_reason.items():
                shown = ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")
                lines.append(f"  {kind} ({len(ids)}): {reason} [old ids {shown}]")
        for title, section in self.sections.items():
            lines += ["", f"{title}:"] + [f"  {text}" for text in section]
        if self.notes:
            lines += ["", "Notes:"] + [f"  {note}" for note in self.notes]
        return "\n".join(lines) + "\n"


class Progress:
    """A one-line progress bar on a terminal; silent when output is not one."""

    def __init__(self, write=None, *, live=None, width=30):
        self.write = write or sys.stderr.write
        self.live = sys.stderr.isatty() if live is None else live
        self.width = width

    def __call__(self, label: str, items):
        items = list(items)
        total = len(items) or 1
        step = max(1, total // 200)
        for done, item in enumerate(items, 1):
            yield item
            if self.live and (done % step == 0 or done == total):
                filled = self.width * done // total
                bar = "#" * filled + "." * (self.width - filled)
                self.write(f"\r{label:<14} [{bar}] {done}/{len(items)}")
        if self.live and items:
            self.write("\n")
