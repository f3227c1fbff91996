//! Word documents: `.docx` (Office Open XML) and `.odt` (OpenDocument
//! text) to the blocks every reader produces.
//!
//! Both are zip packages of XML parts; a small reader over `zip` and
//! `quick-xml` walks them (see the README's "Word documents" for what is
//! read and what is not). Each front end builds paragraphs and tables
//! ([`tree`]), which become blocks the way the HTML reader's do: headings
//! from styles, list items with their computed numbers, one block per
//! table cell.

mod docx;
mod numbering;
mod odt;
mod package;
mod tree;
mod xml;

use super::ReadOutput;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Format, Warning};
use crate::read::ReadOptions;
use package::{Package, ZIP_MAGIC};

/// Widest span of a table cell accepted, as in the HTML reader.
pub(crate) const MAX_COLS: u32 = 1000;

/// The compound-file signature of Word 97–2003 documents and of
/// password-protected Office documents (an encrypted package is wrapped in
/// one).
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Which word-processing package `bytes` are, by their parts: `None` for
/// anything else (not a zip, a spreadsheet, a plain archive).
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if !bytes.starts_with(ZIP_MAGIC) {
        return None;
    }
    let mut pkg = Package::open(bytes, &ReadOptions::default()).ok()?;
    if pkg.has("word/document.xml") {
        return Some(Format::Docx);
    }
    let mime = pkg.bytes("mimetype").ok().flatten()?;
    let mime = String::from_utf8_lossy(&mime);
    odt::TEXT_MIMETYPES
        .contains(&mime.trim())
        .then_some(Format::Odt)
}

/// Reads a Word (`.docx`) document.
pub fn read_docx(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutput> {
    let mut pkg = open(bytes, opts, "a Word document (.docx)")?;
    let foreign = ["xl/workbook.xml", "ppt/presentation.xml", "content.xml"]
        .iter()
        .any(|p| pkg.has(p));
    if !pkg.has("word/document.xml") && (foreign || !pkg.has("[Content_Types].xml")) {
        return Err(not_this(&mut pkg, "a Word document (.docx)"));
    }
    let nodes = docx::nodes(&mut pkg)?;
    let (title, producer) = docx::metadata(&mut pkg)?;
    Ok(output(nodes, title, producer))
}

/// Reads an OpenDocument text (`.odt`).
pub fn read_odt(bytes: &[u8], opts: &ReadOptions) -> Result<ReadOutput> {
    let mut pkg = open(bytes, opts, "an OpenDocument text (.odt)")?;
    let mime = pkg
        .bytes("mimetype")?
        .map(|m| String::from_utf8_lossy(&m).trim().to_string());
    match mime {
        Some(m) if odt::TEXT_MIMETYPES.contains(&m.as_str()) => {}
        // A package without a mimetype but with a body is read: the part
        // is required, but its absence changes nothing about the text.
        None if pkg.has("content.xml") => {}
        _ => return Err(not_this(&mut pkg, "an OpenDocument text (.odt)")),
    }
    let nodes = odt::nodes(&mut pkg)?;
    let (title, producer) = odt::metadata(&mut pkg)?;
    Ok(output(nodes, title, producer))
}

/// Opens the package, naming what the bytes are instead when they are
/// not a zip at all.
fn open<'a>(bytes: &'a [u8], opts: &ReadOptions, what: &str) -> Result<Package<'a>> {
    if bytes.starts_with(CFB_MAGIC) {
        return Err(if find_utf16(bytes, "EncryptedPackage") {
            Error::new(
                ErrorKind::PasswordRequired,
                format!("{what} protected by a password: save an unprotected copy"),
            )
        } else {
            Error::new(
                ErrorKind::WrongFormat,
                format!("not {what}: an older binary Word file (.doc); save it as .docx"),
            )
        });
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(Error::new(
            ErrorKind::WrongFormat,
            format!("not {what}: no zip signature at the start"),
        ));
    }
    Package::open(bytes, opts)
}

/// The error for a zip that is not the document it claims to be, naming
/// what it is when that is known.
fn not_this(pkg: &mut Package<'_>, what: &str) -> Error {
    let mime = pkg
        .bytes("mimetype")
        .ok()
        .flatten()
        .map(|m| String::from_utf8_lossy(&m).trim().to_string());
    let is = if pkg.has("word/document.xml") {
        " (it is a Word document: rename it .docx)"
    } else if mime
        .as_deref()
        .is_some_and(|m| odt::TEXT_MIMETYPES.contains(&m))
    {
        " (it is an OpenDocument text: rename it .odt)"
    } else if pkg.has("content.xml") && mime.is_some() {
        " (it is another OpenDocument file)"
    } else if pkg.has("xl/workbook.xml") {
        " (it is an Excel workbook)"
    } else if pkg.has("ppt/presentation.xml") {
        " (it is a PowerPoint presentation)"
    } else {
        ""
    };
    Error::new(
        ErrorKind::WrongFormat,
        format!("not {what}: a zip archive without its parts{is}"),
    )
}

fn find_utf16(bytes: &[u8], s: &str) -> bool {
    let needle: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle)
}

fn output(nodes: Vec<tree::Node>, title: Option<String>, producer: Option<String>) -> ReadOutput {
    let blocks = tree::blocks(nodes);
    let mut warnings = Vec::new();
    if blocks.is_empty() {
        warnings.push(Warning::new("no_text", "the document has no readable text"));
    }
    ReadOutput {
        pages: None,
        title,
        producer,
        blocks,
        warnings,
    }
}

/// Heading level of a style name, in Word's built-in spellings.
pub(crate) fn heading_by_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let n: u8 = lower.strip_prefix("heading")?.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n.min(6))
}

/// The text of the first element named `local` in a metadata part,
/// whitespace collapsed; `None` when absent or blank.
fn element_text(xml: &str, part: &str, local: &str) -> Result<Option<String>> {
    let mut inside = false;
    let mut done = false;
    let mut text = String::new();
    xml::walk(xml, part, |ev| {
        match ev {
            xml::Ev::Start(el) if !done && el.name == local => inside = true,
            xml::Ev::End(name) if inside && name == local => {
                inside = false;
                done = true;
            }
            xml::Ev::Text(t) if inside => text.push_str(t),
            _ => {}
        }
        Ok(())
    })?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok((!text.is_empty()).then_some(text))
}

#[cfg(test)]
mod tests {
    use super::package::tests::zip_of;
    use super::*;
    use crate::layout::{Block, Role};

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="Council Heading"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
        <w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
        </w:styles>"#;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="1">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="2">
          <w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
        </w:numbering>"#;

    fn para(style: &str, num: Option<(u32, u32)>, runs: &str) -> String {
        let style = if style.is_empty() {
            String::new()
        } else {
            format!(r#"<w:pStyle w:val="{style}"/>"#)
        };
        let num = num.map_or(String::new(), |(id, l)| {
            format!(r#"<w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="{id}"/></w:numPr>"#)
        });
        format!("<w:p><w:pPr>{style}{num}</w:pPr>{runs}</w:p>")
    }

    fn run(text: &str) -> String {
        format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    fn docx(body: &str) -> Vec<u8> {
        let doc = format!("<w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>");
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/report.pdf" TargetMode="External"/></Relationships>"#;
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", doc.as_bytes()),
            ("word/styles.xml", STYLES.as_bytes()),
            ("word/numbering.xml", NUMBERING.as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
            (
                "docProps/core.xml",
                b"<cp:coreProperties xmlns:cp='c' xmlns:dc='d'><dc:title> Learning  brief </dc:title></cp:coreProperties>",
            ),
        ])
    }

    fn read_docx_blocks(body: &str) -> Vec<Block> {
        read_docx(&docx(body), &ReadOptions::default())
            .expect("reads")
            .blocks
    }

    fn item(level: u8, number: Option<u32>) -> Role {
        Role::ListItem { level, number }
    }

    #[test]
    fn headings_come_from_style_names_outline_levels_and_title() {
        let bs = read_docx_blocks(
            &[
                para("Title", None, &run("Child Q")),
                para("Heading1", None, &run("Background")),
                para("MyHeading", None, &run("What happened")),
                para("", None, &run("Body text.")),
                "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>Direct</w:t></w:r></w:p>"
                    .into(),
            ]
            .concat(),
        );
        let got: Vec<(&str, &Role)> = bs.iter().map(|b| (b.text.as_str(), &b.role)).collect();
        assert_eq!(
            got,
            [
                ("Child Q", &Role::Heading { level: 1 }),
                ("Background", &Role::Heading { level: 1 }),
                ("What happened", &Role::Heading { level: 2 }),
                ("Body text.", &Role::Paragraph),
                ("Direct", &Role::Heading { level: 3 }),
            ]
        );
        assert!(bs[1].bold && !bs[3].bold);
        assert_eq!((bs[1].font_size, bs[3].font_size), (16.0, 11.0));
    }

    #[test]
    fn numbering_gives_printed_numbers_levels_and_restarts() {
        let bs = read_docx_blocks(
            &[
                para("", Some((1, 0)), &run("First")),
                para("", Some((1, 1)), &run("sub a")),
                para("", Some((1, 1)), &run("sub b")),
                para("", Some((1, 0)), &run("Second")),
                para("", Some((3, 0)), &run("a bullet")),
                // Another instance of the same definition continues it …
                para("", Some((1, 0)), &run("Third")),
                // … unless it restarts.
                para("", Some((4, 0)), &run("Again one")),
                // Numbering from the paragraph style, starting at 4.
                para("ListNumber", None, &run("Fourth")),
                para("ListNumber", None, &run("Fifth")),
                para("", Some((0, 0)), &run("numId 0 is no list")),
            ]
            .concat(),
        );
        let got: Vec<(&str, Role)> = bs
            .iter()
            .map(|b| (b.text.as_str(), b.role.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("First", item(0, Some(1))),
                ("sub a", item(1, Some(1))),
                ("sub b", item(1, Some(2))),
                ("Second", item(0, Some(2))),
                ("a bullet", item(0, None)),
                ("Third", item(0, Some(3))),
                ("Again one", item(0, Some(1))),
                ("Fourth", item(0, Some(4))),
                ("Fifth", item(0, Some(5))),
                ("numId 0 is no list", Role::Paragraph),
            ]
        );
    }

    #[test]
    fn a_numbered_heading_keeps_its_number_in_its_text() {
        let bs = read_docx_blocks(
            &[
                para("Heading1", Some((1, 0)), &run("Introduction")),
                para("Heading1", Some((1, 0)), &run("Findings")),
            ]
            .concat(),
        );
        assert_eq!(bs[0].text, "1. Introduction");
        assert_eq!(bs[1].text, "2. Findings");
        assert_eq!(bs[1].role, Role::Heading { level: 1 });
    }

    #[test]
    fn tables_give_cells_with_spans_and_header_rows() {
        let cell = |props: &str, text: &str| {
            format!(
                "<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>",
                para("", None, &run(text))
            )
        };
        let table = format!(
            "<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("", "Learning"),
            cell("", "Action"),
            cell("", "Owner"),
            cell(r#"<w:vMerge w:val="restart"/>"#, "L1"),
            cell("", "A1"),
            cell("", "Police"),
            cell("<w:vMerge/>", ""),
            cell("", "A2"),
            cell("", ""),
            cell(r#"<w:gridSpan w:val="2"/>"#, "Both"),
            cell("", "Health"),
        );
        let bs = read_docx_blocks(&format!(
            "{}{table}{}",
            para("", None, &run("Before")),
            para("", None, &run("After"))
        ));
        let cells: Vec<(String, u32, u32, u32, bool)> = bs
            .iter()
            .filter_map(|b| match b.role {
                Role::Cell {
                    row,
                    col,
                    rowspan,
                    header,
                    table,
                } => {
                    assert_eq!(table, 0);
                    Some((b.text.clone(), row, col, rowspan, header))
                }
                _ => None,
            })
            .collect();
        let want = [
            ("Learning", 0, 0, 1, true),
            ("Action", 0, 1, 1, true),
            ("Owner", 0, 2, 1, true),
            ("L1", 1, 0, 2, false),
            ("A1", 1, 1, 1, false),
            ("Police", 1, 2, 1, false),
            ("A2", 2, 1, 1, false),
            ("", 2, 2, 1, false),
            ("Both", 3, 0, 1, false),
            ("Health", 3, 2, 1, false),
        ];
        let want: Vec<(String, u32, u32, u32, bool)> = want
            .iter()
            .map(|(t, r, c, s, h)| (t.to_string(), *r, *c, *s, *h))
            .collect();
        assert_eq!(cells, want);
        assert_eq!(bs.first().map(|b| b.text.as_str()), Some("Before"));
        assert_eq!(bs.last().map(|b| b.text.as_str()), Some("After"));
    }

    #[test]
    fn bold_runs_links_breaks_and_what_is_left_out() {
        let bold = "<w:r><w:rPr><w:b/></w:rPr><w:t>Key learning</w:t></w:r>";
        let not_bold = "<w:r><w:rPr><w:b w:val=\"0\"/></w:rPr><w:t>plain</w:t></w:r>";
        let link = r#"<w:hyperlink r:id="rId1"><w:r><w:t>the report</w:t></w:r></w:hyperlink>"#;
        let tracked = "<w:ins><w:r><w:t xml:space=\"preserve\"> added</w:t></w:r></w:ins><w:del><w:r><w:delText>removed</w:delText></w:r></w:del>";
        let boxed = "<w:r><mc:AlternateContent xmlns:mc=\"mc\"><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent></w:r>";
        let note = "<w:r><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>";
        let field = "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>7</w:t></w:r>";
        let bs = read_docx_blocks(
            &[
                para("", None, bold),
                para(
                    "",
                    None,
                    &[not_bold, &run(" and "), link, tracked, boxed, note].concat(),
                ),
                para(
                    "",
                    None,
                    &[
                        run("line one"),
                        "<w:r><w:br/><w:t>line two</w:t></w:r>".into(),
                    ]
                    .concat(),
                ),
                para(
                    "",
                    None,
                    &[
                        "<w:r><w:br w:type=\"page\"/></w:r>".into(),
                        run("page "),
                        field.into(),
                    ]
                    .concat(),
                ),
            ]
            .concat(),
        );
        assert!(bs[0].bold);
        assert_eq!(bs[1].text, "plain and the report added");
        assert!(!bs[1].bold);
        assert_eq!(bs[1].links.len(), 1);
        assert_eq!(bs[1].links[0].title, "the report");
        assert_eq!(bs[1].links[0].href, "https://example.org/report.pdf");
        assert_eq!(bs[2].text, "line one\nline two");
        // A page break is no line break, and blocks have no page: a Word
        // file has none until it is laid out.
        assert_eq!(bs[3].text, "page 7");
        assert!(bs.iter().all(|b| b.page.is_none()));
    }

    #[test]
    fn metadata_title_is_read() {
        let out = read_docx(&docx(&para("", None, &run("x"))), &ReadOptions::default()).unwrap();
        assert_eq!(out.title.as_deref(), Some("Learning brief"));
    }

    fn odt(body: &str) -> Vec<u8> {
        let content = format!(
            r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s" xmlns:fo="f" xmlns:table="tb" xmlns:xlink="x">
            <office:automatic-styles>
              <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
              <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_2"/>
              <text:list-style style:name="L1">
                <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
                <text:list-level-style-bullet text:level="2" text:bullet-char="•"/>
              </text:list-style>
            </office:automatic-styles>
            <office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        let styles = r#"<office:document-styles xmlns:office="o" xmlns:style="s" xmlns:fo="f"><office:styles>
            <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
            <style:style style:name="Title" style:display-name="Title" style:family="paragraph"/>
            <style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>
            </office:styles></office:document-styles>"#;
        zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
            ("styles.xml", styles.as_bytes()),
            (
                "meta.xml",
                b"<office:document-meta xmlns:office='o' xmlns:meta='m' xmlns:dc='d'><office:meta><meta:generator>Writer</meta:generator><dc:title>Brief</dc:title></office:meta></office:document-meta>",
            ),
        ])
    }

    #[test]
    fn odt_headings_lists_tables_and_bold() {
        let body = r#"<text:p text:style-name="Title">Child Q</text:p>
            <text:h text:outline-level="2">Background</text:h>
            <text:p text:style-name="P1">Styled heading</text:p>
            <text:p>Some words in this <text:span text:style-name="T1">bold</text:span> line<text:note><text:note-body><text:p>a note</text:p></text:note-body></text:note>.</text:p>
            <text:list text:style-name="L1">
              <text:list-item><text:p>One</text:p><text:p>still one</text:p>
                <text:list><text:list-item><text:p>point</text:p></text:list-item></text:list></text:list-item>
              <text:list-item><text:p>Two</text:p></text:list-item>
            </text:list>
            <text:p>Between</text:p>
            <text:list text:style-name="L1" text:continue-numbering="true"><text:list-item><text:p>Three</text:p></text:list-item></text:list>
            <text:list text:style-name="L1"><text:list-item text:start-value="7"><text:p>Seven</text:p></text:list-item></text:list>
            <table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>A</text:p></table:table-cell><table:table-cell><text:p>B</text:p></table:table-cell></table:table-row></table:table-header-rows>
              <table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>x</text:p></table:table-cell><table:table-cell><text:p>y<text:s text:c="3"/>z</text:p></table:table-cell></table:table-row>
              <table:table-row><table:covered-table-cell/><table:table-cell><text:p><text:a xlink:href="https://example.org/r.pdf">report</text:a></text:p></table:table-cell></table:table-row></table:table>
            <text:p text:style-name="Break">Next page</text:p>"#;
        let out = read_odt(&odt(body), &ReadOptions::default()).expect("reads");
        assert_eq!(out.title.as_deref(), Some("Brief"));
        assert_eq!(out.producer.as_deref(), Some("Writer"));
        let got: Vec<(&str, Role)> = out
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.role.clone()))
            .collect();
        let cell = |row, col, rowspan, header| Role::Cell {
            table: 0,
            row,
            col,
            rowspan,
            header,
        };
        assert_eq!(
            got,
            [
                ("Child Q", Role::Heading { level: 1 }),
                ("Background", Role::Heading { level: 2 }),
                ("Styled heading", Role::Heading { level: 2 }),
                ("Some words in this bold line.", Role::Paragraph),
                ("One\nstill one", item(0, Some(1))),
                ("point", item(1, None)),
                ("Two", item(0, Some(2))),
                ("Between", Role::Paragraph),
                ("Three", item(0, Some(3))),
                ("Seven", item(0, Some(7))),
                ("A", cell(0, 0, 1, true)),
                ("B", cell(0, 1, 1, true)),
                ("x", cell(1, 0, 2, false)),
                ("y z", cell(1, 1, 1, false)),
                ("report", cell(2, 1, 1, false)),
                ("Next page", Role::Paragraph),
            ]
        );
        assert!(out.blocks[2].bold && out.blocks[2].font_size == 14.0);
        assert!(!out.blocks[3].bold);
        assert_eq!(out.blocks[14].links[0].href, "https://example.org/r.pdf");
        assert!(out.blocks.iter().all(|b| b.page.is_none()));
    }

    #[test]
    fn hostile_and_foreign_packages_are_named_errors() {
        let opts = ReadOptions::default();
        let kind = |r: Result<ReadOutput>| r.err().map(|e| e.kind);
        // A bomb: a megabyte of spaces that deflates to a few KiB.
        let body = format!("{}{}", para("", None, &run("x")), " ".repeat(4 << 20));
        let small = ReadOptions {
            max_stream_bytes: 1 << 20,
            ..ReadOptions::default()
        };
        assert_eq!(
            kind(read_docx(&docx(&body), &small)),
            Some(ErrorKind::LimitExceeded)
        );
        let odt_bomb = odt(&" ".repeat(4 << 20));
        assert_eq!(
            kind(read_odt(&odt_bomb, &small)),
            Some(ErrorKind::LimitExceeded)
        );
        // Nesting deeper than any document.
        let deep = format!(
            "{}{}",
            "<w:sdt><w:sdtContent>".repeat(200),
            "</w:sdtContent></w:sdt>".repeat(200)
        );
        assert_eq!(
            kind(read_docx(&docx(&deep), &opts)),
            Some(ErrorKind::LimitExceeded)
        );
        // A zip that is not a Word document, and one that is a workbook.
        let plain = zip_of(&[("notes.txt", b"hello")]);
        assert_eq!(kind(read_docx(&plain, &opts)), Some(ErrorKind::WrongFormat));
        assert_eq!(kind(read_odt(&plain, &opts)), Some(ErrorKind::WrongFormat));
        let book = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
        ]);
        let err = read_docx(&book, &opts).unwrap_err();
        assert_eq!(err.kind, ErrorKind::WrongFormat, "{err}");
        let err = read_odt(&book, &opts).unwrap_err();
        assert!(err.message.contains("Excel"), "{err}");
        // Each format named under the other's extension.
        let err = read_docx(&odt("<text:p>x</text:p>"), &opts).unwrap_err();
        assert_eq!(err.kind, ErrorKind::WrongFormat);
        assert!(err.message.contains("rename it .odt"), "{err}");
        let err = read_odt(&docx(""), &opts).unwrap_err();
        assert!(err.message.contains("rename it .docx"), "{err}");
        // A Word package without its body, and broken XML in it.
        let bodiless = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/styles.xml", STYLES.as_bytes()),
        ]);
        assert_eq!(
            kind(read_docx(&bodiless, &opts)),
            Some(ErrorKind::Malformed)
        );
        let broken = zip_of(&[("word/document.xml", b"<w:document><w:body><w:p>")]);
        assert_eq!(kind(read_docx(&broken, &opts)), Some(ErrorKind::Malformed));
        // Not a zip at all: empty, a truncated zip, an old binary .doc.
        assert_eq!(kind(read_docx(b"", &opts)), Some(ErrorKind::WrongFormat));
        assert_eq!(
            kind(read_docx(b"PK\x03\x04\x14\0", &opts)),
            Some(ErrorKind::Malformed)
        );
        let mut doc = CFB_MAGIC.to_vec();
        doc.extend_from_slice(&[0; 600]);
        assert_eq!(kind(read_docx(&doc, &opts)), Some(ErrorKind::WrongFormat));
        doc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            kind(read_docx(&doc, &opts)),
            Some(ErrorKind::PasswordRequired)
        );
    }

    #[test]
    fn empty_and_mislabelled_files_go_through_the_format_check() {
        let opts = ReadOptions::default();
        let err = crate::read::read(b"", Format::Docx, &opts).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Empty);
        let err = crate::read::read(
            b"<!doctype html><html><body><p>x</p></body></html>",
            Format::Docx,
            &opts,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::WrongFormat);
        assert!(err.message.contains("HTML"), "{err}");
        let err = crate::read::read(b"%PDF-1.4\n%\xe2\xe3\n", Format::Odt, &opts).unwrap_err();
        assert!(err.message.contains("PDF"), "{err}");
        let word = docx(&para("", None, &run("x")));
        assert_eq!(crate::read::sniff(&word), Some(Format::Docx));
        assert_eq!(
            crate::read::sniff(&odt("<text:p>x</text:p>")),
            Some(Format::Odt)
        );
        let err = crate::read::read(&word, Format::Html, &opts).unwrap_err();
        assert_eq!(err.kind, ErrorKind::WrongFormat);
        // An empty document reads, with a warning.
        let out = read_docx(&docx(""), &opts).unwrap();
        assert!(out.blocks.is_empty());
        assert!(out.warnings.iter().any(|w| w.code == "no_text"));
    }

    #[test]
    fn junk_never_panics() {
        let opts = ReadOptions::default();
        let junk: Vec<u8> = (0..20_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let mut zipped = ZIP_MAGIC.to_vec();
        zipped.extend_from_slice(&junk);
        for bytes in [&junk, &zipped] {
            let _ = read_docx(bytes, &opts);
            let _ = read_odt(bytes, &opts);
        }
        let odd = [
            r#"<w:tbl><w:tc><w:p><w:r><w:t>cell without a row</w:t></w:r></w:p></w:tc></w:tbl>"#,
            r#"<w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999999"/><w:vMerge/></w:tcPr></w:tc></w:tr>"#,
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="400"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:outlineLvl w:val="255"/></w:pPr><w:hyperlink r:id="missing"><w:r><w:t>x</w:t></w:r></w:hyperlink></w:p>"#,
        ];
        for body in odd {
            let _ = read_docx(&docx(body), &opts);
        }
        let _ = read_odt(
            &odt(
                r#"<text:list-item text:start-value="0"><text:p>x</text:p></text:list-item><table:table-cell table:number-columns-spanned="-3"/>"#,
            ),
            &opts,
        );
    }
}
