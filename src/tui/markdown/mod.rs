//! Markdown to terminal lines: headings, emphasis, lists, block quotes, tables, links and code
//! blocks, wrapped to a width. Runnable `sh` blocks are marked so the learner sees what `r` runs.

mod table;
mod wrap;

pub use wrap::{code_wrap, hard_wrap, width_of, wrap};

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use self::table::Table;
use super::strings;
use super::theme::Theme;

/// True for the info strings the lesson parser treats as runnable commands.
pub fn is_runnable(info: &str) -> bool {
    let words: Vec<&str> = info.split_whitespace().collect();
    matches!(words.as_slice(), ["sh" | "bash" | "shell" | "console"])
}

/// Renders `source` into lines at most `width` columns wide.
pub fn render(source: &str, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut r = Renderer {
        theme,
        width: usize::from(width).max(10),
        lines: Vec::new(),
        containers: Vec::new(),
        inline: Vec::new(),
        styles: vec![Style::new()],
        links: Vec::new(),
        code: None,
        table: None,
        need_blank: false,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(source, options) {
        r.event(event);
    }
    r.flush();
    r.lines
}

/// A block that prefixes the lines inside it.
enum Container {
    Quote,
    List { next: Option<u64> },
    Item { bullet: String, pending: bool },
}

struct Renderer {
    theme: Theme,
    width: usize,
    lines: Vec<Line<'static>>,
    containers: Vec<Container>,
    /// Inline text of the paragraph, heading, item or cell being read.
    inline: Vec<Span<'static>>,
    /// Inline styles in force, innermost last.
    styles: Vec<Style>,
    /// Open links: their address and where their text starts in `inline`.
    links: Vec<(String, usize)>,
    /// A fenced or indented code block being read: info string and text.
    code: Option<(String, String)>,
    table: Option<Table>,
    /// A blank line is due before the next block.
    need_blank: bool,
}

impl Renderer {
    fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    fn push_style(&mut self, style: Style) {
        let combined = self.style().patch(style);
        self.styles.push(combined);
    }

    fn pop_style(&mut self) {
        if self.styles.len() > 1 {
            self.styles.pop();
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some((_, code)) = self.code.as_mut() {
                    code.push_str(&text);
                } else {
                    let style = self.style();
                    self.inline.push(Span::styled(text.into_string(), style));
                }
            }
            Event::Code(text) => {
                let style = self.style().patch(self.theme.code());
                let text = if self.theme.code_marks() {
                    format!("`{text}`")
                } else {
                    text.into_string()
                };
                self.inline.push(Span::styled(text, style));
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                self.inline
                    .push(Span::styled(text.into_string(), self.theme.dim()));
            }
            Event::SoftBreak => self.inline.push(Span::raw(" ")),
            Event::HardBreak => self.inline.push(Span::raw("\n")),
            Event::Rule => {
                self.flush();
                self.blank_if_needed();
                let avail = self.avail_after(0);
                let mut spans = self.prefix();
                spans.push(Span::styled("─".repeat(avail), self.theme.dim()));
                self.lines.push(Line::from(spans));
                self.need_blank = true;
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.push_style(self.theme.heading(heading_level(level)));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.containers.push(Container::Quote);
                self.push_style(self.theme.quote());
            }
            Tag::List(start) => {
                self.flush();
                self.containers.push(Container::List { next: start });
            }
            Tag::Item => {
                self.flush();
                let bullet = self.next_bullet();
                self.containers.push(Container::Item {
                    bullet,
                    pending: true,
                });
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::Emphasis => self.push_style(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.push_style(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => {
                self.push_style(Style::new().add_modifier(Modifier::CROSSED_OUT));
            }
            Tag::Link { dest_url, .. } => {
                self.links.push((dest_url.into_string(), self.inline.len()));
                self.push_style(self.theme.link());
            }
            Tag::Image { .. } => {
                self.inline
                    .push(Span::styled(strings::image_open(), self.theme.dim()));
            }
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                self.start_table_part(tag);
            }
            _ => {}
        }
    }

    fn start_table_part(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Table(aligns) => {
                self.flush();
                self.table = Some(Table {
                    aligns,
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = self.table.as_mut() {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                self.need_blank = true;
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.pop_style();
                self.need_blank = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
                self.pop_style();
                self.need_blank = true;
            }
            TagEnd::List(_) => {
                self.flush();
                self.containers.pop();
                let nested = self
                    .containers
                    .iter()
                    .any(|c| matches!(c, Container::Item { .. }));
                self.need_blank = !nested;
            }
            TagEnd::Item => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::CodeBlock => {
                if let Some((info, text)) = self.code.take() {
                    self.code_block(&info, &text);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.pop_style(),
            TagEnd::Link => self.end_link(),
            TagEnd::Image => {
                self.inline
                    .push(Span::styled(strings::IMAGE_CLOSE, self.theme.dim()));
            }
            TagEnd::TableCell | TagEnd::TableHead | TagEnd::Table => self.end_table_part(tag),
            _ => {}
        }
    }

    /// A link's address follows its text, unless the text already is the address.
    fn end_link(&mut self) {
        self.pop_style();
        if let Some((url, from)) = self.links.pop() {
            let text: String = self.inline[from.min(self.inline.len())..]
                .iter()
                .map(|s| s.content.as_ref())
                .collect();
            if !url.is_empty() && text.trim() != url && !url.starts_with('#') {
                self.inline
                    .push(Span::styled(format!(" <{url}>"), self.theme.dim()));
            }
        }
    }

    fn end_table_part(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(table) = self.table.as_mut() {
                    table.header = table.rows.pop().unwrap_or_default();
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.blank_if_needed();
                    let avail = self.avail_after(0);
                    for line in table.render(avail, self.theme) {
                        self.push_line(line);
                    }
                    self.need_blank = true;
                }
            }
            _ => {}
        }
    }

    fn next_bullet(&mut self) -> String {
        let depth = self
            .containers
            .iter()
            .filter(|c| matches!(c, Container::List { .. }))
            .count();
        match self.containers.last_mut() {
            Some(Container::List { next: Some(n) }) => {
                let bullet = format!("{n}. ");
                *n += 1;
                bullet
            }
            _ => match depth {
                0 | 1 => "• ".to_owned(),
                2 => "◦ ".to_owned(),
                _ => "▪ ".to_owned(),
            },
        }
    }

    /// The prefix of the next line: quote bars, and list bullets the first time (indent after).
    fn prefix(&mut self) -> Vec<Span<'static>> {
        let theme = self.theme;
        let mut spans = Vec::new();
        for container in &mut self.containers {
            match container {
                Container::Quote => spans.push(Span::styled("│ ", theme.quote())),
                Container::List { .. } => {}
                Container::Item { bullet, pending } => {
                    if *pending {
                        *pending = false;
                        spans.push(Span::styled(bullet.clone(), theme.accent()));
                    } else {
                        spans.push(Span::raw(" ".repeat(width_of(bullet))));
                    }
                }
            }
        }
        spans
    }

    /// Columns left after the block prefix and `extra` more, never fewer than ten.
    fn avail_after(&self, extra: usize) -> usize {
        self.width
            .saturating_sub(self.prefix_width() + extra)
            .max(10)
    }

    /// Pushes one line of content, with the block prefix in front.
    fn push_line(&mut self, content: Vec<Span<'static>>) {
        let mut spans = self.prefix();
        spans.extend(content);
        self.lines.push(Line::from(spans));
    }

    fn blank_if_needed(&mut self) {
        if self.need_blank && !self.lines.is_empty() {
            let bars = self
                .containers
                .iter()
                .filter(|c| matches!(c, Container::Quote))
                .count();
            let line = if bars > 0 {
                Line::from(Span::styled(
                    "│ ".repeat(bars).trim_end().to_owned(),
                    self.theme.quote(),
                ))
            } else {
                Line::default()
            };
            self.lines.push(line);
        }
        self.need_blank = false;
    }

    /// Wraps and emits the inline text read so far.
    fn flush(&mut self) {
        if self.inline.is_empty() || self.table.is_some() {
            return;
        }
        let inline = std::mem::take(&mut self.inline);
        if inline.iter().all(|s| s.content.trim().is_empty()) {
            return;
        }
        self.blank_if_needed();
        let avail = self.avail_after(0);
        for line in wrap(&inline, avail) {
            self.push_line(line);
        }
    }

    /// A code block set apart by a gutter; a runnable one is labelled with its key.
    fn code_block(&mut self, info: &str, text: &str) {
        self.blank_if_needed();
        let runnable = is_runnable(info);
        let (gutter, gutter_style) = if runnable {
            ("┃ ", self.theme.runnable())
        } else {
            ("│ ", self.theme.gutter())
        };
        if runnable {
            self.push_line(vec![Span::styled(
                strings::runnable_label(),
                self.theme.runnable(),
            )]);
        }
        let avail = self.avail_after(width_of(gutter));
        let code = text.trim_end_matches('\n').replace('\t', "    ");
        for line in code_wrap(&code, avail) {
            self.push_line(vec![
                Span::styled(gutter, gutter_style),
                Span::styled(line, self.theme.code()),
            ]);
        }
        self.need_blank = true;
    }

    fn prefix_width(&self) -> usize {
        self.containers
            .iter()
            .map(|c| match c {
                Container::Quote => 2,
                Container::Item { bullet, .. } => width_of(bullet),
                Container::List { .. } => 0,
            })
            .sum()
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests;
