use crate::context::Context;
use crate::device::Device;
use crate::font::{FontGlyph, Glyph, GlyphRun, PositionedGlyph, UNITS_PER_EM, type3_glyph};
use crate::interpret::state::TextStateFont;
use crate::{DrawMode, FillRule};
use hayro_cmap::WritingMode;
use hayro_syntax::object;
use hayro_syntax::page::Resources;
use kurbo::{Affine, BezPath};

pub(crate) fn show_text_string<'a>(
    ctx: &mut Context<'a>,
    device: &mut impl Device<'a>,
    resources: &Resources<'a>,
    text: &object::String<'_>,
) {
    begin_glyph_run(ctx);
    append_text_string(ctx, resources, text);
    show_glyph_run(ctx, device);
}

pub(crate) fn begin_glyph_run(ctx: &mut Context<'_>) {
    ctx.glyph_scratch.clear();
}

pub(crate) fn append_text_string<'a>(
    ctx: &mut Context<'a>,
    resources: &Resources<'a>,
    text: &object::String<'_>,
) {
    let Some(font) = ctx.text_state().font.clone() else {
        return;
    };

    let bytes = text.as_bytes();

    // In case we have a fallback font (which occurs if either no font was set at all
    // in the content stream, or an invalid one), we only want to show the glyphs
    // using Helvetica if the bytes are actually valid ASCII.
    let show_glyphs = matches!(font, TextStateFont::Font(_))
        || (matches!(font, TextStateFont::Fallback(_)) && bytes.is_ascii());

    if bytes.is_empty() {
        return;
    }
    // The text state is read once for the string and its matrix written
    // back once at the end: looked up in the state stack for each glyph,
    // twice (once to write), it cost more than the glyph's own arithmetic.
    // Only a Type 3 glyph, which snapshots the state, needs it current
    // before the end. The same operations in the same order as the
    // published crate's per-glyph `full_transform` and
    // `apply_code_advance`, so the same bits.
    let visible = show_glyphs && ctx.ocg_state.is_visible();
    let (temp, advance, mut text_matrix) = {
        let ts = ctx.text_state();
        (ts.temp_transform(), ts.advance_params(), ts.text_matrix)
    };
    let mut cur_idx = 0;
    while cur_idx < bytes.len() {
        let (code, adv) = font.read_code(bytes, cur_idx);
        cur_idx += adv;

        if visible {
            let origin_displacement = font.origin_displacement(code);
            let glyph_id = font.map_code(code);
            let transform = text_matrix
                * temp
                * Affine::scale(1.0 / UNITS_PER_EM as f64)
                * Affine::translate(origin_displacement)
                * Affine::scale_non_uniform(font.glyph_stretch(glyph_id, code), 1.0);
            let glyph = match font.glyph(glyph_id, code) {
                FontGlyph::Outline(outline) => Glyph::Outline(outline),
                FontGlyph::Type3(glyph) => {
                    ctx.text_state_mut().text_matrix = text_matrix;
                    type3_glyph(glyph, ctx, resources)
                }
            };

            ctx.glyph_scratch.push(PositionedGlyph { glyph, transform });
        }

        text_matrix *= advance.translation(font.code_advance(code), code, adv);
    }
    ctx.text_state_mut().text_matrix = text_matrix;
}

pub(crate) fn apply_glyph_run_adjustment(ctx: &mut Context<'_>, adjustment: f32) {
    ctx.text_state_mut().apply_adjustment(adjustment);
}

pub(crate) fn next_line(ctx: &mut Context<'_>, tx: f64, ty: f64) {
    let new_matrix = ctx.text_state_mut().text_line_matrix * Affine::translate((tx, ty));
    ctx.text_state_mut().text_line_matrix = new_matrix;
    ctx.text_state_mut().text_matrix = new_matrix;
}

pub(crate) fn show_glyph_run<'a>(ctx: &mut Context<'a>, device: &mut impl Device<'a>) {
    if ctx.glyph_scratch.is_empty() {
        return;
    }

    let render_mode = ctx.text_state().render_mode;
    // Paint and stroke properties are built in the arms that draw with
    // them: a run is filled, or stroked, far more often than both.
    let writing_mode = if ctx.text_state().font_horizontal() {
        WritingMode::Horizontal
    } else {
        WritingMode::Vertical
    };

    let clip_path = {
        let run = GlyphRun {
            glyphs: &ctx.glyph_scratch,
            writing_mode,
        };

        let clip_path = if matches!(
            render_mode,
            TextRenderingMode::Clip
                | TextRenderingMode::FillAndClip
                | TextRenderingMode::StrokeAndClip
                | TextRenderingMode::FillAndStrokeAndClip
        ) {
            let mut clip_path = BezPath::new();
            for glyph in run.glyphs() {
                clip_glyph(&mut clip_path, glyph);
            }
            Some(clip_path)
        } else {
            None
        };

        match render_mode {
            TextRenderingMode::Fill => {
                device.draw_glyph_run(
                    &run,
                    ctx.draw_props(false),
                    &DrawMode::Fill(FillRule::NonZero),
                );
            }
            TextRenderingMode::Stroke => {
                device.draw_glyph_run(
                    &run,
                    ctx.draw_props(true),
                    &DrawMode::Stroke(ctx.stroke_props().clone()),
                );
            }
            TextRenderingMode::FillStroke => {
                device.draw_glyph_run(
                    &run,
                    ctx.draw_props(false),
                    &DrawMode::Fill(FillRule::NonZero),
                );
                device.draw_glyph_run(
                    &run,
                    ctx.draw_props(true),
                    &DrawMode::Stroke(ctx.stroke_props().clone()),
                );
            }
            TextRenderingMode::Invisible => {
                // Still call draw_glyph_run for invisible text, so that it can
                // for example be used for text extraction.
                device.draw_glyph_run(&run, ctx.draw_props(false), &DrawMode::Invisible);
            }
            TextRenderingMode::FillAndClip => {
                device.draw_glyph_run(
                    &run,
                    ctx.draw_props(false),
                    &DrawMode::Fill(FillRule::NonZero),
                );
            }
            TextRenderingMode::StrokeAndClip => {
                device.draw_glyph_run(
                    &run,
                    ctx.draw_props(true),
                    &DrawMode::Stroke(ctx.stroke_props().clone()),
                );
            }
            TextRenderingMode::FillAndStrokeAndClip => {
                device.draw_glyph_run(
                    &run,
                    ctx.draw_props(false),
                    &DrawMode::Fill(FillRule::NonZero),
                );
                device.draw_glyph_run(
                    &run,
                    ctx.draw_props(true),
                    &DrawMode::Stroke(ctx.stroke_props().clone()),
                );
            }
            TextRenderingMode::Clip => {
                // TODO: Pass clipping-only text with its own draw mode, so that devices
                // can tell it apart from invisible text.
                device.draw_glyph_run(&run, ctx.draw_props(false), &DrawMode::Invisible);
            }
        }

        clip_path
    };

    if let Some(clip_path) = clip_path {
        ctx.text_state_mut().clip_paths.extend(clip_path);
    }

    ctx.glyph_scratch.clear();
}

fn clip_glyph(clip_path: &mut BezPath, glyph: &PositionedGlyph<'_>) {
    match &**glyph {
        Glyph::Outline(outline_glyph) => {
            let outline = glyph.transform() * outline_glyph.outline();
            let has_outline = outline.segments().next().is_some();

            if has_outline {
                clip_path.extend(outline);
            }
        }
        Glyph::Type3(_) => {}
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) enum TextRenderingMode {
    #[default]
    Fill,
    Stroke,
    FillStroke,
    Invisible,
    FillAndClip,
    StrokeAndClip,
    FillAndStrokeAndClip,
    Clip,
}
