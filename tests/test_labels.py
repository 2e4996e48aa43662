"""Label spreading keeps order and minimum gaps, and leaves separated labels alone."""

from __future__ import annotations

import pytest

from analysis.plotting.labels import spread


def test_separated_labels_do_not_move() -> None:
    assert spread([1.0, 5.0, 10.0], 2.0) == [1.0, 5.0, 10.0]


def test_close_labels_are_centred_on_their_mean() -> None:
    assert spread([15.9, 15.0], 4.0) == pytest.approx([17.45, 13.45])


def test_chain_of_collisions_keeps_order_and_gap() -> None:
    result = spread([10.0, 10.5, 11.0, 30.0], 2.0)
    assert result[:3] == pytest.approx([8.5, 10.5, 12.5])
    assert result[3] == 30.0
