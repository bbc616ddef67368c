"""Lay out a reporting-lines chart from (short, title, reports to) rows: boxes and lines, no Office import."""

from __future__ import annotations

from dataclasses import dataclass

from rolegen.typeset import fit
from rolegen.tree import Span, Table, plain

NODE_GAP = 0.06  # the space between two boxes of a level, as a share of the width
LEVEL_GAP = 36.0  # points between two levels, where the lines run
MAX_NODE_H = 96.0
PAD = 8.0


@dataclass(frozen=True)
class Node:
    """A box of the chart: a role (its short name and title) or a leader only named in reports_to."""

    label: str
    detail: str = ""
    role: bool = True

    def paras(self) -> list[fit.Para]:
        """Return the paragraphs the box shows."""
        first = [fit.Para((Span(self.label, bold=self.role),))]
        return first + ([fit.Para((Span(self.detail),))] if self.detail else [])


@dataclass(frozen=True)
class Chart:
    nodes: tuple[Node, ...]
    edges: tuple[tuple[int, int], ...]  # (leader's index, report's index)


@dataclass(frozen=True)
class Placed:
    """A node and its box in points, relative to the chart's area."""

    index: int
    x: float
    y: float
    w: float
    h: float


def chart_of(table: Table) -> Chart:
    """Return the chart a table of (short, title, reports to) rows describes."""
    return chart([tuple(plain(row[c]) if c < len(row) else "" for c in range(3)) for row in table.rows])


def chart(rows: list[tuple[str, str, str]]) -> Chart:
    """Return the chart of rows (short, title, reports to); a leader that is no role becomes a box of its own."""
    nodes = [Node(short, title) for short, title, _ in rows]
    edges = []
    for index, (_, _, leader) in enumerate(rows):
        if not leader.strip():
            continue
        found = _role_named(leader, rows)
        if found is None:
            outside = [i for i, n in enumerate(nodes) if not n.role and _same(n.label, leader)]
            if outside:
                found = outside[0]
            else:
                nodes.append(Node(leader, role=False))
                found = len(nodes) - 1
        if found != index:
            edges.append((found, index))
    return Chart(tuple(nodes), tuple(edges))


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _role_named(leader: str, rows) -> int | None:
    """Return the row whose role reports_to names: by short name, title, or the title's first words."""
    for index, (short, title, _) in enumerate(rows):
        if _same(leader, short) or _same(leader, title):
            return index
    wanted = " ".join(leader.split()).casefold()
    for index, (_, title, _) in enumerate(rows):
        # "Directeur général délégué" names the role "Directeur général délégué à la stratégie ...".
        if " ".join(title.split()).casefold().startswith(wanted + " "):
            return index
    return None


def levels(graph: Chart) -> list[list[int]]:
    """Return the nodes level by level, leaders first; each level ordered under its leaders."""
    parent = {report: leader for leader, report in graph.edges}

    def depth(index: int) -> int:
        seen = set()
        while index in parent and index not in seen:  # a cycle in reports_to stops where it closes
            seen.add(index)
            index = parent[index]
        return len(seen)

    rows: list[list[int]] = [[] for _ in range(max((depth(i) for i in range(len(graph.nodes))), default=0) + 1)]
    for index in range(len(graph.nodes)):
        rows[depth(index)].append(index)
    for row_above, row in zip(rows, rows[1:]):
        order = {node: position for position, node in enumerate(row_above)}
        row.sort(key=lambda i: order.get(parent.get(i), len(order)))
    return rows


def place(graph: Chart, width: float, height: float) -> list[Placed]:
    """Return every node's box in an area width x height points, levels spread top to bottom."""
    rows = levels(graph)
    node_h = min(MAX_NODE_H, (height - LEVEL_GAP * (len(rows) - 1)) / len(rows))
    top = (height - node_h * len(rows) - LEVEL_GAP * (len(rows) - 1)) / 2
    widest = max(len(row) for row in rows)
    gap = NODE_GAP * width
    node_w = min((width - gap * (widest - 1)) / widest, width * 0.5)
    placed = []
    for level, row in enumerate(rows):
        span = node_w * len(row) + gap * (len(row) - 1)
        left = (width - span) / 2
        for position, index in enumerate(row):
            placed.append(
                Placed(index, left + position * (node_w + gap), top + level * (node_h + LEVEL_GAP), node_w, node_h)
            )
    return sorted(placed, key=lambda p: p.index)


def text_size(graph: Chart, boxes: list[Placed], fonts: fit.Fonts, start: float, floor: float) -> float | None:
    """Return the one size at which every box's text fits inside its padding, or None below floor."""
    sizes = [
        fit.fit_size(graph.nodes[box.index].paras(), fonts, box.w - 2 * PAD, box.h - 2 * PAD, start, floor, step=1.0)
        for box in boxes
    ]
    return None if None in sizes else min(sizes)


def describe(graph: Chart, reports_to: str) -> str:
    """Return the chart as one sentence per line, for alt text: 'COO — Reports to: CEO'."""
    names = [node.label for node in graph.nodes]
    return "\n".join(f"{names[report]} — {reports_to}: {names[leader]}" for leader, report in graph.edges)
