"""Markdown -> a flat list of blocks, through markdown-it-py's syntax tree.

The checklist parser reasons about a short list of block kinds (headings, paragraphs
with their bold label, lists with task markers, code blocks, rules); this module turns
markdown-it's token tree into exactly that, so the parser never looks at raw lines.

Text fields keep *inline Markdown* (code spans in backticks, ``**bold**``, links), as
markdown-it understood it; ``plain`` variants drop the markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

BlockKind = Literal["heading", "para", "list", "code", "hr", "table", "html"]

_TASK = re.compile(r"^\[([ xX])\]\s*")


@dataclass
class Inline:
    """One paragraph or list item's inline content."""

    md: str  # inline Markdown
    plain: str  # the same without markup
    label: str | None = None  # plain text of a leading **bold** run, e.g. "Очікуваний результат:"
    rest_md: str = ""  # what follows the bold run
    rest_plain: str = ""


@dataclass
class Item:
    text: Inline
    line: int
    number: int | None = None  # of an ordered list item
    checked: bool | None = None  # None: not a task item ("[ ]"/"[x]")
    depth: int = 0


@dataclass
class Block:
    kind: BlockKind
    line: int  # 1-based
    level: int = 0  # heading level
    text: Inline = field(default_factory=lambda: Inline("", ""))  # heading or paragraph
    items: list[Item] = field(default_factory=list)  # list
    ordered: bool = False
    lang: str = ""  # code
    code: str = ""  # code, html
    rows: list[str] = field(default_factory=list)  # table rows, cells joined by " | "


def markdown() -> MarkdownIt:
    # CommonMark plus tables; raw HTML stays recognisable as html blocks.
    return MarkdownIt("commonmark").enable("table")


def parse_blocks(text: str) -> list[Block]:
    root = SyntaxTreeNode(markdown().parse(text))
    out: list[Block] = []
    for node in root.children:
        _flatten(node, out)
    return out


def _line(node: SyntaxTreeNode) -> int:
    mapping = node.map
    return mapping[0] + 1 if mapping else 0


def _flatten(node: SyntaxTreeNode, out: list[Block]) -> None:
    kind = node.type
    line = _line(node)
    if kind == "heading":
        out.append(Block("heading", line, level=int(node.tag[1:]), text=_inline_of(node)))
    elif kind == "paragraph":
        out.append(Block("para", line, text=_inline_of(node)))
    elif kind in ("bullet_list", "ordered_list"):
        _list(node, out)
    elif kind in ("fence", "code_block"):
        info = (node.info or "").strip().split()
        code = node.content[:-1] if node.content.endswith("\n") else node.content
        out.append(Block("code", line, lang=info[0].lower() if info else "", code=code))
    elif kind == "hr":
        out.append(Block("hr", line))
    elif kind == "blockquote":
        # "> **Примітка:** ..." is a note like any other: read through the quote.
        for child in node.children:
            _flatten(child, out)
    elif kind == "table":
        out.append(Block("table", line, rows=_table_rows(node)))
    elif kind == "html_block":
        out.append(Block("html", line, code=node.content.strip()))
    else:  # pragma: no cover - markdown-it's commonmark preset has no other blocks
        for child in node.children:
            _flatten(child, out)


def _list(node: SyntaxTreeNode, out: list[Block]) -> None:
    block = Block("list", _line(node), ordered=node.type == "ordered_list")
    trailing: list[Block] = []
    _items(node, block.items, trailing, depth=0)
    out.append(block)
    # Code blocks written inside a list item (an action with its curl) follow the list.
    out.extend(trailing)


def _items(node: SyntaxTreeNode, items: list[Item], trailing: list[Block], depth: int) -> None:
    for item_node in node.children:
        texts: list[Inline] = []
        nested: list[SyntaxTreeNode] = []
        for child in item_node.children:
            if child.type == "paragraph":
                texts.append(_inline_of(child))
            elif child.type in ("bullet_list", "ordered_list"):
                nested.append(child)
            else:
                _flatten(child, trailing)
        items.append(_item(item_node, texts, depth))
        for sub in nested:
            _items(sub, items, trailing, depth + 1)


def _item(node: SyntaxTreeNode, texts: list[Inline], depth: int) -> Item:
    text = _join(texts)
    checked: bool | None = None
    match = _TASK.match(text.md)
    if match:
        checked = match.group(1) != " "
        text = Inline(
            text.md[match.end() :],
            _TASK.sub("", text.plain, count=1),
            text.label,
            text.rest_md,
            text.rest_plain,
        )
    number = None
    if node.info and node.info.isdigit():
        number = int(node.info)
    return Item(text, _line(node), number, checked, depth)


def _join(texts: list[Inline]) -> Inline:
    if not texts:
        return Inline("", "")
    if len(texts) == 1:
        return texts[0]
    first = texts[0]
    return Inline(
        "\n".join(t.md for t in texts),
        "\n".join(t.plain for t in texts),
        first.label,
        "\n".join([first.rest_md, *(t.md for t in texts[1:])]).strip(),
        "\n".join([first.rest_plain, *(t.plain for t in texts[1:])]).strip(),
    )


def _table_rows(node: SyntaxTreeNode) -> list[str]:
    rows = []
    for section in node.children:
        for row in section.children:
            cells = [_inline_of(cell).md for cell in row.children]
            rows.append(" | ".join(cells))
    return rows


def _inline_of(node: SyntaxTreeNode) -> Inline:
    inline = next((c for c in node.children if c.type == "inline"), None)
    if inline is None:
        return Inline("", "")
    children = [c for c in inline.children if not (c.type == "text" and not c.content)]
    md, plain = _render(children)
    label = None
    rest_md = rest_plain = ""
    if children and children[0].type == "strong":
        label = _render(children[0].children)[1].strip()
        rest_md, rest_plain = _render(children[1:])
        # "**Очікуваний результат**:" puts the colon outside the bold run.
        if rest_plain.lstrip().startswith(":") and not label.endswith(":"):
            label += ":"
            rest_md = rest_md.lstrip()[1:]
            rest_plain = rest_plain.lstrip()[1:]
    return Inline(md.strip(), plain.strip(), label, rest_md.strip(), rest_plain.strip())


def _render(nodes: list[SyntaxTreeNode]) -> tuple[str, str]:
    md: list[str] = []
    plain: list[str] = []
    for node in nodes:
        a, b = _render_one(node)
        md.append(a)
        plain.append(b)
    return "".join(md), "".join(plain)


def _render_one(node: SyntaxTreeNode) -> tuple[str, str]:
    kind = node.type
    if kind == "text":
        return node.content, node.content
    if kind == "code_inline":
        fence = node.markup or "`"
        return f"{fence}{node.content}{fence}", node.content
    if kind == "softbreak":
        return "\n", " "
    if kind == "hardbreak":
        return "\n", "\n"
    if kind == "html_inline":
        return node.content, node.content
    inner_md, inner_plain = _render(node.children)
    if kind in ("strong", "em"):
        mark = node.markup or ("**" if kind == "strong" else "*")
        return f"{mark}{inner_md}{mark}", inner_plain
    if kind == "link":
        href = str(node.attrs.get("href", ""))
        return f"[{inner_md}]({href})", inner_plain
    if kind == "image":
        alt = node.content or inner_plain
        return alt, alt
    return inner_md, inner_plain
