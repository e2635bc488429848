//! Markdown tables: columns sized to their content, shrunk and wrapped when the width is short.

use pulldown_cmark::Alignment;
use ratatui::text::Span;

use super::wrap::{width_of, wrap};
use crate::tui::theme::Theme;

/// One cell: its styled text.
pub type Cell = Vec<Span<'static>>;

/// A table as parsed: header cells, body rows and each column's alignment.
#[derive(Default)]
pub struct Table {
    pub aligns: Vec<Alignment>,
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

const SEPARATOR: &str = " │ ";
/// A column narrower than this is unreadable: stack the rows instead.
const MIN_COLUMN: usize = 4;

impl Table {
    fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0)
    }

    /// The table's lines at `width` columns (without any block prefix).
    pub fn render(&self, width: usize, theme: Theme) -> Vec<Vec<Span<'static>>> {
        let n = self.columns();
        if n == 0 {
            return Vec::new();
        }
        let Some(widths) = self.column_widths(width) else {
            return self.stacked(width, theme);
        };
        let mut lines = Vec::new();
        let bold = theme.bold();
        let header: Vec<Cell> = self
            .header
            .iter()
            .map(|c| c.iter().map(|s| s.clone().patch_style(bold)).collect())
            .collect();
        lines.extend(self.row_lines(&header, &widths, theme));
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        lines.push(vec![Span::styled(rule.join("─┼─"), theme.dim())]);
        for row in &self.rows {
            lines.extend(self.row_lines(row, &widths, theme));
        }
        lines
    }

    /// Natural widths when they fit; otherwise shared out, narrow columns first.
    fn column_widths(&self, width: usize) -> Option<Vec<usize>> {
        let n = self.columns();
        let natural: Vec<usize> = (0..n)
            .map(|i| {
                self.rows
                    .iter()
                    .chain([&self.header])
                    .filter_map(|r| r.get(i))
                    .map(|c| c.iter().map(Span::width).sum::<usize>())
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let budget = width.checked_sub(width_of(SEPARATOR) * (n - 1))?;
        if natural.iter().sum::<usize>() <= budget {
            return Some(natural);
        }
        if budget < MIN_COLUMN * n {
            return None;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| natural[i]);
        let mut widths = vec![0; n];
        let mut left = budget;
        for (done, &i) in order.iter().enumerate() {
            let share = left / (n - done);
            widths[i] = natural[i].min(share);
            left -= widths[i];
        }
        Some(widths)
    }

    fn row_lines(&self, row: &[Cell], widths: &[usize], theme: Theme) -> Vec<Vec<Span<'static>>> {
        let empty = Vec::new();
        let wrapped: Vec<Vec<Vec<Span<'static>>>> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| wrap(row.get(i).unwrap_or(&empty), *w))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|line| {
                let mut spans = Vec::new();
                for (i, cell) in wrapped.iter().enumerate() {
                    if i > 0 {
                        spans.push(Span::styled(SEPARATOR, theme.dim()));
                    }
                    let content = cell.get(line).cloned().unwrap_or_default();
                    let used: usize = content.iter().map(Span::width).sum();
                    let pad = widths[i].saturating_sub(used);
                    let (before, after) = match self.aligns.get(i) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    if before > 0 {
                        spans.push(Span::raw(" ".repeat(before)));
                    }
                    spans.extend(content);
                    if after > 0 && i + 1 < wrapped.len() {
                        spans.push(Span::raw(" ".repeat(after)));
                    }
                }
                spans
            })
            .collect()
    }

    /// Too narrow for columns: each row as `header: value` lines.
    fn stacked(&self, width: usize, theme: Theme) -> Vec<Vec<Span<'static>>> {
        let mut lines = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            if r > 0 {
                lines.push(vec![Span::styled("─".repeat(width.min(8)), theme.dim())]);
            }
            for (i, cell) in row.iter().enumerate() {
                let mut spans: Vec<Span<'static>> = Vec::new();
                if let Some(head) = self.header.get(i) {
                    spans.extend(head.iter().map(|s| s.clone().patch_style(theme.bold())));
                    spans.push(Span::styled(": ", theme.bold()));
                }
                spans.extend(cell.iter().cloned());
                lines.extend(wrap(&spans, width));
            }
        }
        lines
    }
}
