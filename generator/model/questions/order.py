"""order: put the items in order; the page shuffles them (never into the right order)."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import Field

from generator.model.question import Dialogues, OrderItem, QuestionBase
from generator.model.question_view import OrderItemView, QuestionView, display_order


# (No docstring: it would become the schema's description of the type.)
class Order(QuestionBase):
    type: Literal["order"]
    items: list[OrderItem] = Field(min_length=3, description="The items in the correct order; the page shuffles them.")

    instruction = "Put the items in order."
    conversion = "matching (each item matched to its position); the right order with the per-item explanations goes into the general feedback"
    bank = "matching"
    rank = 50
    hashed = (*QuestionBase.hashed, "type", "items")

    def view(self, quiz_id: str, dialogues: Dialogues) -> QuestionView:
        order = tuple(OrderItemView(it.text, it.feedback) for it in self.items)
        shuffled = tuple(display_order(len(order), f"{quiz_id}/{self.id}"))
        return replace(self.base_view(quiz_id), order=order, shuffled=shuffled)
