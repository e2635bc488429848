//! Lesson Markdown to an HTML fragment, escaped throughout: raw HTML in a lesson is shown as
//! text, links go only to the web, and images become their alt text (a handout loads nothing).

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Text made safe for HTML element content and attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A block of lesson Markdown as HTML.
pub fn block(markdown: &str) -> String {
    let mut renderer = Renderer::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        renderer.event(event);
    }
    renderer.out
}

/// One line of inline Markdown (an objective, a hint) as HTML, without the paragraph around it.
pub fn inline(markdown: &str) -> String {
    let html = block(markdown);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

#[derive(Default)]
struct Renderer {
    out: String,
    alignments: Vec<Alignment>,
    cell: usize,
    in_head: bool,
    /// Links shown as plain text (not http, https or mailto) end without a closing tag.
    links: Vec<bool>,
    in_image: bool,
}

fn level(h: HeadingLevel) -> usize {
    h as usize
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

impl Renderer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => escape_into(&t, &mut self.out),
            Event::Code(t) => {
                self.out.push_str("<code>");
                escape_into(&t, &mut self.out);
                self.out.push_str("</code>");
            }
            // Lessons are text: their HTML is shown, never interpreted.
            Event::Html(t) | Event::InlineHtml(t) => {
                escape_into(&t, &mut self.out);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => escape_into(&t, &mut self.out),
            Event::FootnoteReference(t) => {
                self.out.push_str("<sup>[");
                escape_into(&t, &mut self.out);
                self.out.push_str("]</sup>");
            }
            Event::SoftBreak => self.out.push('\n'),
            Event::HardBreak => self.out.push_str("<br>\n"),
            Event::Rule => self.out.push_str("<hr>\n"),
            Event::TaskListMarker(done) => {
                self.out.push_str(if done { "☑ " } else { "☐ " });
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let out = &mut self.out;
        match tag {
            Tag::Paragraph => out.push_str("<p>"),
            Tag::Heading { level: h, .. } => out.push_str(&format!("<h{}>", level(h))),
            Tag::BlockQuote(_) => out.push_str("<blockquote>\n"),
            Tag::CodeBlock(kind) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                if lang.is_empty() {
                    out.push_str("<pre><code>");
                } else {
                    out.push_str(&format!("<pre class=\"lang-{}\"><code>", escape(lang)));
                }
            }
            Tag::HtmlBlock => out.push_str("<pre class=\"raw\">"),
            Tag::List(Some(1)) => out.push_str("<ol>\n"),
            Tag::List(Some(n)) => out.push_str(&format!("<ol start=\"{n}\">\n")),
            Tag::List(None) => out.push_str("<ul>\n"),
            Tag::Item => out.push_str("<li>"),
            Tag::FootnoteDefinition(name) => {
                out.push_str(&format!(
                    "<div class=\"footnote\"><sup>[{}]</sup> ",
                    escape(&name)
                ));
            }
            Tag::DefinitionList => out.push_str("<dl>"),
            Tag::DefinitionListTitle => out.push_str("<dt>"),
            Tag::DefinitionListDefinition => out.push_str("<dd>"),
            Tag::Table(alignments) => {
                self.alignments = alignments;
                out.push_str("<table>\n");
            }
            Tag::TableHead => {
                self.in_head = true;
                self.cell = 0;
                out.push_str("<thead><tr>");
            }
            Tag::TableRow => {
                self.cell = 0;
                out.push_str("<tr>");
            }
            Tag::TableCell => {
                let cell = if self.in_head { "th" } else { "td" };
                let align = match self.alignments.get(self.cell) {
                    Some(Alignment::Left) => " style=\"text-align:left\"",
                    Some(Alignment::Center) => " style=\"text-align:center\"",
                    Some(Alignment::Right) => " style=\"text-align:right\"",
                    _ => "",
                };
                out.push_str(&format!("<{cell}{align}>"));
            }
            Tag::Emphasis => out.push_str("<em>"),
            Tag::Strong => out.push_str("<strong>"),
            Tag::Strikethrough => out.push_str("<del>"),
            Tag::Superscript => out.push_str("<sup>"),
            Tag::Subscript => out.push_str("<sub>"),
            Tag::Link { dest_url, .. } => {
                let linked = safe_url(&dest_url);
                if linked {
                    out.push_str(&format!("<a href=\"{}\">", escape(&dest_url)));
                }
                self.links.push(linked);
            }
            Tag::Image { .. } => {
                self.in_image = true;
                out.push_str("<span class=\"image-alt\">[image: ");
            }
            Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let out = &mut self.out;
        match tag {
            TagEnd::Paragraph => out.push_str("</p>\n"),
            TagEnd::Heading(h) => out.push_str(&format!("</h{}>\n", level(h))),
            TagEnd::BlockQuote(_) => out.push_str("</blockquote>\n"),
            TagEnd::CodeBlock => out.push_str("</code></pre>\n"),
            TagEnd::HtmlBlock => out.push_str("</pre>\n"),
            TagEnd::List(true) => out.push_str("</ol>\n"),
            TagEnd::List(false) => out.push_str("</ul>\n"),
            TagEnd::Item => out.push_str("</li>\n"),
            TagEnd::FootnoteDefinition => out.push_str("</div>\n"),
            TagEnd::DefinitionList => out.push_str("</dl>\n"),
            TagEnd::DefinitionListTitle => out.push_str("</dt>\n"),
            TagEnd::DefinitionListDefinition => out.push_str("</dd>\n"),
            TagEnd::Table => out.push_str("</tbody></table>\n"),
            TagEnd::TableHead => {
                self.in_head = false;
                out.push_str("</tr></thead>\n<tbody>\n");
            }
            TagEnd::TableRow => out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                out.push_str(if self.in_head { "</th>" } else { "</td>" });
                self.cell += 1;
            }
            TagEnd::Emphasis => out.push_str("</em>"),
            TagEnd::Strong => out.push_str("</strong>"),
            TagEnd::Strikethrough => out.push_str("</del>"),
            TagEnd::Superscript => out.push_str("</sup>"),
            TagEnd::Subscript => out.push_str("</sub>"),
            TagEnd::Link => {
                if self.links.pop().unwrap_or(false) {
                    out.push_str("</a>");
                }
            }
            TagEnd::Image => {
                self.in_image = false;
                out.push_str("]</span>");
            }
            TagEnd::MetadataBlock(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_a_lesson_is_shown_as_text() {
        let html = block("Hi <script>alert(1)</script> & `<b>`\n");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("<code>&lt;b&gt;</code>"));
    }

    #[test]
    fn tables_lists_and_code_blocks_become_html() {
        let html =
            block("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n3. x\n4. y\n\n```sh\necho 'hi'\n```\n");
        assert!(
            html.contains("<th style=\"text-align:left\">a</th>"),
            "{html}"
        );
        assert!(html.contains("<td style=\"text-align:right\">2</td>"));
        assert!(html.contains("<ol start=\"3\">"));
        assert!(html.contains("<pre class=\"lang-sh\"><code>echo &#39;hi&#39;\n</code></pre>"));
    }

    #[test]
    fn only_web_links_are_links() {
        let html = block("[a](http://localhost:8080/) [b](javascript:alert(1)) ![pic](x.png)");
        assert!(html.contains("<a href=\"http://localhost:8080/\">a</a>"));
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("[image: pic]"));
    }

    #[test]
    fn inline_markdown_loses_its_paragraph() {
        assert_eq!(
            inline("container `web` runs"),
            "container <code>web</code> runs"
        );
    }
}
