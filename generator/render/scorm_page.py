"""trainers/scorm.md: the SCORM 1.2 packages (made by `make scorm`, published by `make publish`)
and how to import one into Moodle, Canvas and Blackboard (templates/scorm.md.j2)."""

from __future__ import annotations

from markupsafe import Markup

from generator.model.branching import branches
from generator.outputs import GeneratedPage
from generator.render import routes
from generator.render.context import PageContext, front_matter
from generator.settings import SCORM_DIR, SCORM_HANDBOOK, SCORM_MASTERY


def scorm_page(ctx: PageContext, _: None) -> GeneratedPage:
    """The download links for the packages this build publishes (the zips `make scorm` made), in
    reading order with the whole handbook last, or how to make them when there are none."""
    available = [z.stem for z in ctx.settings.scorm_zips]
    src = routes.SCORM
    fm = front_matter(title="SCORM packages", description="Every module as a SCORM 1.2 package that reports status, score and answers to your LMS.", hb_kind="scorm")
    modules = sorted(ctx.book.modules, key=lambda m: (m.meta.order, m.meta.id))
    titles = [(m.meta.id, m.meta.title) for m in modules] + [(SCORM_HANDBOOK, "The whole handbook (one item per module and per branching scenario)")]
    packages = [(name, title) for name, title in titles if name in available]
    quizzes = {q.model.id for q in ctx.book.quizzes}
    seen = [(m.meta.id, m.meta.title) for m in modules if m.meta.id not in quizzes]  # no self-check: completed once open
    scenarios = sorted(d.model.title for d in ctx.book.dialogues if branches(d.model))  # items of the whole handbook too
    md = ctx.page(
        "scorm.md.j2",
        front_matter=Markup(fm),
        src=src,
        packages=packages,
        scorm_dir=SCORM_DIR,
        handbook=SCORM_HANDBOOK,
        mastery=SCORM_MASTERY,
        items=len(modules) + len(scenarios),
        modules=len(modules),
        scenarios=scenarios,
        seen=seen,
    )
    return GeneratedPage(src, md, "mkdocs.scorm.yml", "SCORM packages")
