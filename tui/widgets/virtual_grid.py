"""A table drawn with Textual's Line API: only what is on screen is rendered.

:class:`VirtualGrid` looks and answers the keys like Textual's ``DataTable``
(cell cursor, a header that stays put, fixed columns on the left, zebra
stripes, the mouse's hover) but holds no cells: a subclass says what a cell
shows (:meth:`VirtualGrid.cell_content`), and a cell is rendered the first
time a line of it is on screen, then kept until :meth:`invalidate_rows` (or a
new layout) says it changed. So a table of 20,000 cards costs, after an
edit, the cells of the rows the edit touched that are on screen, and
scrolling costs the lines that come into view.

Promises:

- The same picture as a ``DataTable`` with the same columns, rows, cells and
  options (its rendering of a cell and of a line is copied, so snapshots of
  a board drawn either way are the same).
- :attr:`VirtualGrid.rendered` counts the cells rendered, by row (what a
  test of "only the touched rows are drawn again" reads).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region, Size, Spacing
from textual.reactive import Reactive
from textual.renderables.styled import Styled
from textual.scroll_view import ScrollView
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.geometry import Offset

#: Cells on each side of a cell's content (``DataTable``'s default).
CELL_PADDING = 1
#: Rendered cells kept beyond those on screen (about two screens of a board's cards).
KEPT_CELLS = 2000
#: What an empty cell renders (``DataTable``'s ``_EMPTY_TEXT``).
EMPTY = Text(no_wrap=True, end="")

#: One rendered cell: a list of segments per line.
CellLines = list[list[Segment]]


@dataclass
class Column:
    """A column: its key, its header label and its content width (padding not counted)."""

    key: str
    label: Text
    width: int

    def get_render_width(self, grid: VirtualGrid) -> int:
        """The cells the column takes on screen, its padding included."""
        return self.width + 2 * CELL_PADDING


@dataclass
class Row:
    """A row: its key and its height in lines."""

    key: str
    height: int


class VirtualGrid(ScrollView, can_focus=True):
    """A cell-cursor table whose cells a subclass renders on demand."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("right", "cursor_right", "Cursor right", show=False),
        Binding("left", "cursor_left", "Cursor left", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+home", "scroll_top", "Top", show=False),
        Binding("ctrl+end", "scroll_bottom", "Bottom", show=False),
        Binding("home", "scroll_home", "Home", show=False),
        Binding("end", "scroll_end", "End", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "grid--cursor", "grid--hover", "grid--fixed", "grid--fixed-cursor", "grid--header",
        "grid--header-cursor", "grid--header-hover", "grid--odd-row", "grid--even-row",
    }

    # DataTable's look; the fixed column on $panel as the editor's stylesheet has it.
    DEFAULT_CSS = """
    VirtualGrid {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 1;
        &:focus {
            background-tint: $foreground 5%;
            & > .grid--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .grid--header { background-tint: $foreground 5%; }
            & > .grid--fixed-cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
            }
        }
        &:dark > .grid--even-row { background: $surface-darken-1 40%; }
        & > .grid--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .grid--header { background: ansi_bright_blue; color: ansi_default; }
        & > .grid--fixed { background: $panel; color: $foreground; }
        & > .grid--even-row { background: $surface-lighten-1 50%; }
        & > .grid--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .grid--fixed-cursor {
            background: $block-cursor-blurred-background;
            color: $foreground;
        }
        & > .grid--header-cursor { background: $accent-darken-1; color: $foreground; }
        & > .grid--header-hover { background: $accent 30%; }
        & > .grid--hover { background: $block-hover-background; }
    }
    """

    cursor_coordinate: Reactive[Coordinate] = Reactive(
        Coordinate(0, 0), repaint=False, always_update=True
    )

    def __init__(self, *, fixed_columns: int = 0, header_height: int = 1,
                 zebra_stripes: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fixed_columns = fixed_columns
        self.header_height = header_height
        self.zebra_stripes = zebra_stripes
        #: The columns and the rows, in order, by key.
        self.columns: dict[str, Column] = {}
        self.rows: dict[str, Row] = {}
        self._column_list: list[Column] = []
        self._row_list: list[Row] = []
        #: Where each column starts (cells from the left) and each row (lines from the
        #: first row); one more entry than columns (rows): the end.
        self._column_x: list[int] = [0]
        self._row_y: list[int] = [0]
        #: Rendered cells by row (-1: the header) and column, and finished lines by row (for
        #: one horizontal scroll and width: the row's lines, by line).
        self._rendered: dict[int, dict[int, CellLines]] = {}
        self._lines: dict[int, tuple[int, int, dict[int, Strip]]] = {}
        #: What the cached cells were drawn with (focus, theme): a change draws them again.
        self._drawn_with: object = None
        self._hover: Coordinate | None = None
        self._show_hover = False
        #: Cells rendered so far, by row (tests read it; clear it at will).
        self.rendered: Counter[int] = Counter()

    # -- what a subclass provides -----------------------------------------------------------

    def cell_content(self, row: int, column: int) -> RenderableType:
        """What the cell shows (``row`` -1: the header)."""
        if row < 0:
            return self._column_list[column].label
        return EMPTY

    def select_cell(self, coordinate: Coordinate) -> None:
        """Enter (or a second click) on the cursor's cell."""

    def click_cell(self, coordinate: Coordinate, line: int) -> None:
        """A click on a cell's ``line``: the cursor goes there; a click on its cell selects."""
        again = coordinate == self.cursor_coordinate
        self.cursor_coordinate = coordinate
        if again:
            self.select_cell(coordinate)

    # -- the layout ----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._row_list)

    def set_layout(self, columns: list[Column], rows: list[Row],
                   touched: Iterable[int] | None = None) -> None:
        """Show ``columns`` and ``rows``; ``touched`` are the rows whose cells changed (None:
        all may have). Rows not touched keep their rendered cells, so the rows' keys and
        order, and the columns, must be what they were unless ``touched`` is None."""
        self._column_list, self._row_list = columns, rows
        self.columns = {c.key: c for c in columns}
        self.rows = {r.key: r for r in rows}
        self._column_x = [0]
        for column in columns:
            self._column_x.append(self._column_x[-1] + column.get_render_width(self))
        self._row_y = [0]
        for row in rows:
            self._row_y.append(self._row_y[-1] + row.height)
        if touched is None:
            self._forget()
        else:
            self._forget(touched)
        self.virtual_size = Size(self._column_x[-1], self._row_y[-1] + self.header_height)
        self.cursor_coordinate = self.validate_cursor_coordinate(self.cursor_coordinate)
        self.refresh()

    def invalidate_rows(self, rows: Iterable[int]) -> None:
        """Draw these rows' cells again (their content changed)."""
        self._forget(rows)
        self.refresh()

    def invalidate_cell(self, coordinate: Coordinate) -> None:
        """Draw one cell again."""
        row, column = coordinate
        self._rendered.get(row, {}).pop(column, None)
        self._lines.pop(row, None)
        if self._valid(coordinate):
            self._refresh_region(self._get_cell_region(coordinate))

    def _forget(self, rows: Iterable[int] | None = None) -> None:
        if rows is None:
            self._rendered.clear()
            self._lines.clear()
            return
        for row in rows:
            self._rendered.pop(row, None)
            self._lines.pop(row, None)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget()
        self.refresh()

    # -- geometry ------------------------------------------------------------------------------

    def _valid(self, coordinate: Coordinate) -> bool:
        return 0 <= coordinate.row < len(self._row_list) and \
            0 <= coordinate.column < len(self._column_list)

    def is_valid_coordinate(self, coordinate: Coordinate) -> bool:
        return self._valid(coordinate)

    def _get_cell_region(self, coordinate: Coordinate) -> Region:
        if not self._valid(coordinate):
            return Region(0, 0, 0, 0)
        row, column = coordinate
        return Region(self._column_x[column], self._row_y[row] + self.header_height,
                      self._column_list[column].get_render_width(self),
                      self._row_list[row].height)

    def _get_fixed_offset(self) -> Spacing:
        """The header above and the fixed columns on the left, which never scroll."""
        return Spacing(self.header_height, 0, 0, self._column_x[min(self.fixed_columns,
                                                                      len(self._column_list))])

    def _refresh_region(self, region: Region) -> None:
        if self.window_region.overlaps(region):
            self.refresh(region.translate(-self.scroll_offset))

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        self.scroll_to_region(self._get_cell_region(self.cursor_coordinate), animate=animate,
                              spacing=self._get_fixed_offset(), force=True)

    # -- the cursor ----------------------------------------------------------------------------

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        row = min(max(value.row, 0), max(len(self._row_list) - 1, 0))
        column = min(max(value.column, 0), max(len(self._column_list) - 1, 0))
        return Coordinate(row, column)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        if old != new:
            self.invalidate_cell(old)
            self.invalidate_cell(new)
            self._scroll_cursor_into_view()

    def move_cursor(self, *, row: int | None = None, column: int | None = None,
                    animate: bool = False, scroll: bool = True) -> None:
        current = self.cursor_coordinate
        self.cursor_coordinate = Coordinate(current.row if row is None else row,
                                            current.column if column is None else column)
        if scroll:
            self._scroll_cursor_into_view(animate)

    def _set_hover(self, where: Coordinate | None) -> None:
        if where != self._hover:
            for cell in (self._hover, where):
                if cell is not None:
                    self.invalidate_cell(cell)
            self._hover = where

    def _keyboard(self) -> None:
        """A key moves the cursor: the mouse's hover no longer shows."""
        self._show_hover = False
        self._set_hover(None)

    def action_cursor_up(self) -> None:
        self._keyboard()
        self.cursor_coordinate = self.cursor_coordinate.up()

    def action_cursor_down(self) -> None:
        self._keyboard()
        self.cursor_coordinate = self.cursor_coordinate.down()

    def action_cursor_right(self) -> None:
        self._keyboard()
        self.cursor_coordinate = self.cursor_coordinate.right()
        self._scroll_cursor_into_view()

    def action_cursor_left(self) -> None:
        self._keyboard()
        self.cursor_coordinate = self.cursor_coordinate.left()
        self._scroll_cursor_into_view()

    def _page(self) -> int:
        """How many rows from the cursor's fill a page (at least one)."""
        height = self.scrollable_content_region.height - self.header_height
        row = self.cursor_coordinate.row
        end = bisect.bisect_right(self._row_y, self._row_y[row] + height) - 1
        return max(end - row, 1)

    def action_page_down(self) -> None:
        self._keyboard()
        self.move_cursor(row=self.cursor_coordinate.row + self._page())

    def action_page_up(self) -> None:
        self._keyboard()
        self.move_cursor(row=self.cursor_coordinate.row - self._page())

    def action_scroll_top(self) -> None:
        self._keyboard()
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self._keyboard()
        self.move_cursor(row=len(self._row_list) - 1)

    def action_scroll_home(self) -> None:
        self._keyboard()
        self.move_cursor(column=0)

    def action_scroll_end(self) -> None:
        self._keyboard()
        self.move_cursor(column=len(self._column_list) - 1)

    def action_select_cursor(self) -> None:
        self._keyboard()
        if self._row_list:
            self.select_cell(self.cursor_coordinate)

    # -- the mouse -----------------------------------------------------------------------------

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        meta = event.style.meta
        self._show_hover = bool(meta) and not meta.get("out_of_bounds", False)
        if self._show_hover and meta.get("row", -1) >= 0:
            self._set_hover(Coordinate(meta["row"], meta["column"]))
        else:
            self._set_hover(None)

    def _on_leave(self, _: events.Leave) -> None:
        self._show_hover = False
        self._set_hover(None)

    async def _on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if "row" not in meta or "column" not in meta or meta.get("out_of_bounds", False):
            return
        row, column = meta["row"], meta["column"]
        if row < 0:
            return  # the header
        offset: Offset = event.get_content_offset(self) or event.offset
        line = offset.y + int(self.scroll_y) - self.header_height - self._row_y[row]
        self.click_cell(Coordinate(row, column), max(line, 0))
        self._scroll_cursor_into_view(animate=True)
        event.stop()

    # -- drawing -------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        drawn_with = (self.get_pseudo_class_state(), self.rich_style)
        if drawn_with != self._drawn_with:
            self._drawn_with = drawn_with
            self._forget()
        elif sum(len(cells) for cells in self._rendered.values()) > KEPT_CELLS:
            self._forget_unseen()
        return super().render_lines(crop)

    def _forget_unseen(self) -> None:
        """Forget the rendered rows out of view (scrolling all over a big table would
        otherwise keep every cell it ever showed)."""
        top = int(self.scroll_y)
        first = bisect.bisect_right(self._row_y, top) - 1
        last = bisect.bisect_right(self._row_y, top + self.size.height)
        self._forget([row for row in self._rendered if row >= 0 and not first <= row <= last])

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        if y >= self.header_height:
            y += scroll_y
        if y < self.header_height:
            row, line = -1, y
        else:
            y -= self.header_height
            if y >= self._row_y[-1] or not self._column_list:
                return Strip.blank(width, self.rich_style)
            row = bisect.bisect_right(self._row_y, y) - 1
            line = y - self._row_y[row]
        kept = self._lines.get(row)
        if kept is None or kept[:2] != (scroll_x, width):
            kept = self._lines[row] = (scroll_x, width, {})
        lines = kept[2]
        strip = lines.get(line)
        if strip is None:
            strip = lines[line] = self._line(row, line, scroll_x, width)
        return strip

    def _line(self, row: int, line: int, scroll_x: int, width: int) -> Strip:
        """One line of a row on screen: the fixed cells, then the scrolled ones in view."""
        fixed = min(self.fixed_columns, len(self._column_list))
        fixed_width = self._column_x[fixed]
        segments: list[Segment] = []
        for column in range(fixed):
            segments.extend(self._cell_lines(row, column)[line])
        # The scrolled cells from x = fixed_width + scroll_x, and DataTable's filler after
        # the last column (it counts the scrolled columns only).
        start, end = scroll_x + fixed_width, scroll_x + width
        first = max(bisect.bisect_right(self._column_x, start) - 1, fixed)
        scrolled: list[Segment] = []
        x = self._column_x[first]
        for column in range(first, len(self._column_list)):
            if self._column_x[column] >= end:
                break
            scrolled.extend(self._cell_lines(row, column)[line])
        else:
            table = self._column_x[-1] - fixed_width
            filler = max(0, width - table)
            if filler:
                scrolled.append(Segment(" " * filler, self._filler_style(row)))
        visible = Strip(scrolled).crop(start - x, end - x)
        return Strip([*segments, *visible]).adjust_cell_length(width, self.rich_style).simplify()

    def _filler_style(self, row: int) -> Style:
        row_style = self._row_style(row)
        if row_style.bgcolor is not None:
            faded = Color.from_rich_color(row_style.bgcolor).blend(self.background_colors[1],
                                                                   factor=0.25)
            style = Style.from_color(color=row_style.color, bgcolor=faded.rich_color)
        else:
            style = Style.from_color(row_style.color, row_style.bgcolor)
        return style + Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})

    def _row_style(self, row: int) -> Style:
        if row < 0:
            return self.get_component_styles("grid--header").rich_style
        if self.zebra_stripes:
            name = "grid--odd-row" if row % 2 else "grid--even-row"
            return self.get_component_styles(name).rich_style
        return self.rich_style

    def _cell_lines(self, row: int, column: int) -> CellLines:
        cells = self._rendered.setdefault(row, {})
        lines = cells.get(column)
        if lines is None:
            lines = cells[column] = self._render_cell(row, column)
            self.rendered[row] += 1
        return lines

    def _render_cell(self, row: int, column: int) -> CellLines:
        """Render a cell as ``DataTable._render_cell`` does (styles, padding, wrapping)."""
        header = row < 0
        fixed = not header and column < self.fixed_columns
        if fixed:
            base = self.get_component_styles("grid--fixed").rich_style + \
                Style.from_meta({"fixed": True})
        else:
            base = self._row_style(row)
        base += Style.from_meta({"row": row, "column": column})
        where = Coordinate(row, column)
        cursor = where == self.cursor_coordinate
        hover = self._show_hover and where == self._hover
        get = self.get_component_rich_style
        component = Style()
        if hover:
            component += get("grid--hover")
            if header:
                component += get("grid--header-hover")
        if cursor:
            component += get("grid--cursor")
            if header:
                component += get("grid--header-cursor")
            elif fixed:
                component += get("grid--fixed-cursor")
        post = Style.from_color(color=component.color) + Style.null()
        height = self.header_height if header else self._row_list[row].height
        width = self._column_list[column].get_render_width(self)
        options = self.app.console_options.update_dimensions(width, height)
        if height == 1:
            options = options.update(no_wrap=True)
        content = self.cell_content(row, column) or EMPTY
        return self.app.console.render_lines(
            Styled(Padding(content, (0, CELL_PADDING)), pre_style=base + component,
                   post_style=post),
            options,
        )
