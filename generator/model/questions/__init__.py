"""The question types, one per file: each module defines one subclass of
generator.model.question.QuestionBase, and generator.model.quiz finds them all here."""
