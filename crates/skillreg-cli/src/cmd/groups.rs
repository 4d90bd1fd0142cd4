//! `skillreg groups`: the target groups of the roll-out, one library call
//! (`Registry::groups`) and its output.

use super::*;

pub(super) fn groups(ctx: &Ctx, min_group: u32) -> anyhow::Result<String> {
    let registry = ctx.open()?;
    let report = registry.groups(ctx.day, min_group)?;
    render::render_groups(ctx.format, ctx.text, &report)
}
