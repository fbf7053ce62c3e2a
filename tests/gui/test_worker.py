"""The inference worker: newest request wins, failures are reported, the thread stops."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from pytestqt.qtbot import QtBot

from cnnviz.core.inference import InferenceRequest
from cnnviz.core.sources import load_builtin
from cnnviz.gui.inference_worker import Failure, InferenceWorker, Job


def digit_image(offset: int) -> np.ndarray:
    image = Image.new("RGB", (280, 280))
    ImageDraw.Draw(image).line([(100 + offset, 50), (140, 230)], fill="white", width=18)
    return np.asarray(image, dtype=np.float32) / 255.0


def test_requests_coalesce_and_the_newest_is_answered(qtbot: QtBot) -> None:
    bundle = load_builtin("lenet5", weights=False)
    worker = InferenceWorker()
    answered: list[int] = []
    worker.result_ready.connect(lambda result: answered.append(result.request_id))
    worker.start()
    try:
        for request_id in range(1, 101):
            image = digit_image(request_id % 40)
            worker.submit(Job(bundle, InferenceRequest(request_id, image, frozenset({"conv1"})), "cpu"))
        qtbot.waitUntil(lambda: 100 in answered, timeout=10_000)
        qtbot.wait(100)
    finally:
        worker.stop()
    assert answered[-1] == 100
    assert answered == sorted(answered)
    assert len(answered) < 50  # most of the 100 were replaced before they were computed
    assert not worker.isRunning()


def test_a_failing_model_is_reported_and_the_worker_goes_on(qtbot: QtBot) -> None:
    bundle = load_builtin("lenet5", weights=False)
    worker = InferenceWorker()
    failures: list[Failure] = []
    answered: list[int] = []
    worker.failed.connect(failures.append)
    worker.result_ready.connect(lambda result: answered.append(result.request_id))
    worker.start()
    try:
        blank = np.zeros((280, 280, 3), dtype=np.float32)
        worker.submit(Job(bundle, InferenceRequest(1, blank, frozenset()), "cpu"))
        qtbot.waitUntil(lambda: len(failures) == 1, timeout=10_000)
        assert failures[0].empty_input and failures[0].request_id == 1
        odd = np.zeros((280, 280, 3), dtype=np.float32)
        odd[100:180, 100:180] = 1.0
        worker.submit(Job(bundle, InferenceRequest(2, odd, frozenset()), "no-such-device"))
        qtbot.waitUntil(lambda: len(failures) == 2, timeout=10_000)
        assert not failures[1].empty_input and "failed" in failures[1].message
        worker.submit(Job(bundle, InferenceRequest(3, digit_image(0), frozenset()), "cpu"))
        qtbot.waitUntil(lambda: answered == [3], timeout=10_000)
    finally:
        worker.stop()
