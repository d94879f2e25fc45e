"""The shipped content carries the approved seed text word for word."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import CONTENT_FIXTURE, FIXTURES, ROOT, normalise

SEED = (FIXTURES / "seed-vraag-antwoord-sexting.txt").read_text(encoding="utf-8")
TOPIC = yaml.safe_load((CONTENT_FIXTURE / "nl/sexting.yaml").read_text(encoding="utf-8"))


def seed_part(start: str, end: str | None) -> str:
    text = SEED.split(start, 1)[1]
    return text.split(end, 1)[0] if end else text


def seed_paragraphs() -> list[str]:
    answer = seed_part("Antwoord", "Checkvragen")
    return [normalise(p) for p in re.split(r"\n\s*\n", answer) if normalise(p)]


def seed_checks() -> list[str]:
    return [normalise(q) for q in re.findall(r"^\s*\d+\.\s+(.+)$",
                                              seed_part("Checkvragen", None), re.M)]


def test_question_is_the_seed_question():
    assert TOPIC["question"] == normalise(seed_part("Vraag", "Antwoord"))


def test_answer_paragraphs_are_the_seed_paragraphs():
    ours = [normalise(p) for section in TOPIC["answer"] for p in section["paragraphs"]]
    assert len(seed_paragraphs()) == 4
    assert ours == seed_paragraphs()


def test_nine_check_questions_word_for_word():
    assert len(seed_checks()) == 9
    assert TOPIC["checks"] == seed_checks()


@pytest.mark.parametrize("word", ["gezicht", "littekens", "moedervlekken", "tatoeages",
                                  "herkenbare achtergrond of omgeving"])
def test_every_safe_sharing_feature_of_the_seed_is_a_tip(word):
    assert word in seed_paragraphs()[3]
    assert any(word in tip["text"] for tip in TOPIC["tips"]["items"])


def test_steps_name_the_roles_of_the_seed():
    roles = {role for step in TOPIC["steps"] for role in step.get("roles", [])}
    assert roles == {"meldpunt", "zorgbegeleider", "gedragskundige", "taxatiegesprek"}

def test_every_step_sentence_is_approved_wording():
    seed = normalise(SEED)
    for step in TOPIC["steps"]:
        for sentence in re.split(r"(?<=[.?!])\s+", normalise(step["text"])):
            assert sentence in seed, sentence


# --- the English translation ------------------------------------------------------

ENGLISH = yaml.safe_load((CONTENT_FIXTURE / "en/sexting.yaml").read_text(encoding="utf-8"))
KEYS_NOT_WORDS = {"pictogram", "roles"}  # values that name things, not text to translate


def shape(value, key=None):
    """A topic without its words: keys, list lengths and the values that are names."""
    if isinstance(value, dict):
        return {k: shape(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(item, key) for item in value]
    return value if key in KEYS_NOT_WORDS else type(value).__name__


def test_english_topic_has_the_structure_and_keys_of_the_approved_text():
    assert shape(ENGLISH) == shape(TOPIC)


def test_every_english_step_sentence_is_from_the_english_answer():
    answer = " ".join(normalise(p) for section in ENGLISH["answer"] for p in section["paragraphs"])
    for step in ENGLISH["steps"]:
        for sentence in re.split(r"(?<=[.?!])\s+", normalise(step["text"])):
            assert sentence in answer, sentence


def test_english_labels_have_the_keys_of_the_dutch_labels():
    labels = {locale: yaml.safe_load((CONTENT_FIXTURE / locale / "labels.yaml").read_text())
              for locale in ("nl", "en")}
    assert set(labels["en"]) == set(labels["nl"])
    assert labels["en"]["language"] == "en-GB"
