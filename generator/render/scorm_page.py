"""trainers/scorm.md: the SCORM 1.2 packages (made by `make scorm`, published by `make publish`)
and how to import one into Moodle, Canvas and Blackboard."""

from __future__ import annotations

from generator.model.book import Handbook
from generator.outputs import GeneratedPage
from generator.render.pages import front_matter

SCORM_FOLDER = "downloads/scorm"
HANDBOOK_PACKAGE = "handbook"
DEFAULT_MASTERY = 80

IMPORT_STEPS = f"""\
## What a package does in the LMS

A module's package opens on the module's page, so learners read it and answer its self-check at
once; the dialogues the module links to open in a new window from inside the package. The LMS records:

- **status**: *incomplete* on the first visit, then, once every question of the self-check is
  answered, *passed* or *failed* against the mastery score ({DEFAULT_MASTERY}%; set another with
  `python tools/scorm.py --mastery N`);
- **score**: 0-100, each question counting equally (an unanswered one counts 0);
- **the answers**, so that they come back when the learner returns, on any device.

Nothing is loaded from any other host. The whole-handbook package has one item per module, each
tracked on its own; the quick reference, which has no self-check, counts as seen when opened.

## Import into Moodle

1. In the course, turn editing on, then **Add an activity or resource > SCORM package**.
2. Drop the zip into **Package file**, give it a name if you like.
3. Under **Grade**, keep *Grading method: Highest grade*; under **Activity completion**, choose
   *Require status: Passed* (or *Completed*) so the course shows who has finished it.
4. **Save and display**. Learners' status, score and answers appear under **Reports**.

## Import into Canvas

SCORM in Canvas runs through the SCORM app that an administrator enables for the account.

1. In the course navigation, open **SCORM** (if it is not there, ask your Canvas administrator).
2. **Upload** the zip and choose **Import as Graded Assignment** (or ungraded).
3. Publish the assignment; scores go to the Gradebook as a percentage of the points you set.

## Import into Blackboard

- **Ultra course view:** on **Course Content**, select the plus sign > **Create > SCORM package**,
  **Upload SCORM package**, then in the settings select **Grade SCORM** (you cannot change the
  grading afterwards) and save.
- **Original course view:** in a content area, **Build Content > Content Package (SCORM)**, browse
  for the zip, **Submit**, then set **Make SCORM available: Yes** and **Grade SCORM: Score** and submit.

Question banks for the LMS's own quiz tool are on [Question banks](question-banks.md).
"""


def scorm_page(book: Handbook, available: list[str]) -> GeneratedPage:
    """The download links for the packages this build publishes (``available``: zip names without
    .zip), or how to make them when there are none."""
    fm = front_matter(title="SCORM packages", description="Every module as a SCORM 1.2 package that reports status, score and answers to your LMS.", hb_kind="scorm")
    titles = {m.meta.id: m.meta.title for m in sorted(book.modules, key=lambda m: (m.meta.order, m.meta.id))}
    titles[HANDBOOK_PACKAGE] = "The whole handbook (one item per module)"
    body = [
        "Each module as a SCORM 1.2 package, for a learning management system (LMS) that tracks",
        "completion and score only for packaged content: Moodle, Canvas, Blackboard, Totara, Cornerstone and others.",
        "",
    ]
    shown = [name for name in titles if name in available]
    if shown:
        body += ["| Package | Download |", "|---|---|"]
        body += [f"| {titles[name]} | [{name}.zip](../{SCORM_FOLDER}/{name}.zip) |" for name in shown]
    else:
        body += [
            f"This build does not include the packages. The published site has them under `{SCORM_FOLDER}/`;",
            "to make them yourself, run `make scorm` (it writes `dist/scorm/<module id>.zip` and",
            "`dist/scorm/handbook.zip`), or `make publish` to build the site with them linked here.",
        ]
    return GeneratedPage("trainers/scorm.md", fm + "\n".join(body) + "\n\n" + IMPORT_STEPS, "mkdocs.scorm.yml", "SCORM packages")
