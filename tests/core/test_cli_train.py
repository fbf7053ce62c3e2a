"""``cnnviz train``: checkpoints that predict, exact resume (also after Ctrl+C), and user errors."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
import torch
from PIL import Image, ImageDraw

from cnnviz import cli, cli_train
from cnnviz.cli import ProgressBar, main
from cnnviz.core.training import TrainProgress

DATA = ["--data", "digits", "--train-size", "256", "--val-size", "32", "--batch-size", "64", "--seed", "3"]


@pytest.fixture(autouse=True)
def generate_each_data_set_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real loader, but each (set, sizes, seed) generated once per module: the tests stay fast."""
    real = cli_train.load_data

    def cached(*key: object) -> object:
        if key not in LOADED:
            LOADED[key] = real(*key)  # type: ignore[arg-type]
        return LOADED[key]

    monkeypatch.setattr(cli_train, "load_data", cached)


LOADED: dict[tuple[object, ...], object] = {}


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def weights(path: Path) -> dict[str, torch.Tensor]:
    return torch.load(path, weights_only=True)["state_dict"]


def same(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


@pytest.fixture(scope="module")
def two_epochs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference: two epochs in one go."""
    path = tmp_path_factory.mktemp("ref") / "two.pt"
    assert (
        main(["train", "--model", "lenet5", *DATA, "--epochs", "2", "--dropout", "0.2", "-o", str(path)]) == 0
    )
    return path


def test_one_epoch_makes_a_checkpoint_that_predict_uses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "one.pt"
    code, out, _err = run(capsys, "train", "--model", "lenet5", *DATA, "--epochs", "1", "-o", out_path)
    assert code == 0
    assert out.splitlines()[0].startswith("epoch 1/1  loss ") and "val_acc" in out
    raw = torch.load(out_path, weights_only=True)
    assert raw["version"] == 2 and raw["arch_spec"]["options"]["num_classes"] == 10
    assert raw["train_state"]["epoch"] == 1 and raw["trained"] is True
    history = raw["history"]
    assert (history["dataset"], history["train_size"], history["val_size"]) == ("digits", 256, 32)
    assert len(history["epochs"]) == 1 and history["config"]["batch_size"] == 64
    image = tmp_path / "one.png"
    picture = Image.new("RGB", (280, 280), "black")
    ImageDraw.Draw(picture).line([(140, 40), (140, 240)], fill="white", width=20)
    picture.save(image)
    code, out, err = run(capsys, "predict", out_path, image, "--json")
    assert code == 0 and "random weights" not in err
    result = json.loads(out)
    assert result["trained"] and sum(result["probabilities"]) == pytest.approx(1.0, abs=1e-4)


def test_resume_continues_to_the_same_weights(
    two_epochs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "resumed.pt"
    code, _, _ = run(
        capsys, "train", "--model", "lenet5", *DATA, "--epochs", "1", "--dropout", "0.2", "-o", path
    )
    assert code == 0
    code, out, _ = run(capsys, "train", "--resume", path, "--epochs", "2")
    assert code == 0 and out.startswith("epoch 2/2")
    assert same(weights(path), weights(two_epochs))
    assert [e["epoch"] for e in torch.load(path, weights_only=True)["history"]["epochs"]] == [1, 2]


def test_ctrl_c_saves_a_resumable_checkpoint_mid_epoch(
    two_epochs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_update = ProgressBar.update
    handler_before = signal.getsignal(signal.SIGINT)  # SIG_IGN when started in the background

    def interrupt_at_step_6(self: ProgressBar, progress: TrainProgress) -> None:
        real_update(self, progress)
        if progress.global_step == 6:
            os.kill(os.getpid(), signal.SIGINT)  # what Ctrl+C sends

    monkeypatch.setattr(ProgressBar, "update", interrupt_at_step_6)
    path = tmp_path / "stopped.pt"
    code, _, err = run(
        capsys, "train", "--model", "lenet5", *DATA, "--epochs", "2", "--dropout", "0.2", "-o", path
    )
    assert code == 130 and f"cnnviz train --resume {path}" in err
    state = torch.load(path, weights_only=True)["train_state"]
    assert (state["epoch"], state["step"], state["global_step"]) == (1, 2, 6)
    monkeypatch.undo()
    assert signal.getsignal(signal.SIGINT) is handler_before  # the handler was put back
    assert run(capsys, "train", "--resume", path)[0] == 0
    assert same(weights(path), weights(two_epochs))


def test_a_builder_json_model_trains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = {
        "input": [1, 28, 28],
        "blocks": [{"convs": [{"filters": 4, "kernel": 5}], "pool": "max"}],
        "fc": [16],
    }
    (tmp_path / "net.json").write_text(json.dumps(config))
    out_path = tmp_path / "net.pt"
    code, _, _ = run(
        capsys,
        "train",
        "--model",
        tmp_path / "net.json",
        *DATA,
        "--epochs",
        "1",
        "--batchnorm",
        "-o",
        out_path,
    )
    assert code == 0
    code, out, _ = run(capsys, "summary", out_path, "--json")
    names = [layer["name"] for layer in json.loads(out)["layers"]]
    assert code == 0 and "block1_conv1_bn" in names and names[-1] == "output"


def test_the_progress_bar_draws_percent_rate_and_eta(capsys: pytest.CaptureFixture[str]) -> None:
    bar = ProgressBar(live=True)

    def at(step: int) -> TrainProgress:
        return TrainProgress(
            epoch=1,
            epochs=2,
            step=step,
            steps_per_epoch=4,
            global_step=step,
            total_steps=8,
            loss=0.5,
            train_loss=0.5,
            train_accuracy=0.75,
            samples_per_s=1234.0,
            elapsed_s=1.0,
            lr=0.1,
        )

    bar.update(at(1))
    bar.update(at(4))  # the last step of an epoch is always drawn
    bar.clear()
    err = capsys.readouterr().err
    assert "epoch 1/2 [##########..........]  50.0%" in err and "1,234 samples/s" in err and "ETA " in err
    assert err.endswith("\r") and "\n" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "digits", "-o", "x.pt"], "train needs --model and --data"),
        (["--model", "lenet5", "--data", "digits"], "-o/--output"),
        (["--model", "resnet", "--data", "digits", "-o", "x.pt"], "unknown model 'resnet'"),
        (["--model", "lenet5", "--data", "nope", "-o", "x.pt"], "unknown data set 'nope'"),
        (["--model", "lenet5", "--data", "digits", "-o", "."], "is a folder"),
        (["--model", "lenet5", "--data", "digits", "--lr", "-1", "-o", "x.pt"], "--lr"),
        (["--model", "lenet5", "--data", "digits", "--pretrained", "-o", "x.pt"], "zoo:NAME"),
        (["--model", "zoo:resnet18", "--dropout", "0.5", "--data", "digits", "-o", "x.pt"], "do not apply"),
        (["--resume", "missing.pt"], "does not exist"),
        (["--resume", "plain.pt"], "holds no resumable training state"),
        (["--resume", "plain.pt", "--model", "lenet5"], "cannot change on --resume"),
    ],
)
def test_user_errors_exit_2_with_one_line(
    args: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    torch.save(cli_lenet_state(), tmp_path / "plain.pt")
    code, _, err = run(capsys, "train", *args)
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith("cnnviz: error:")
    assert message in err


def test_a_finished_run_needs_more_epochs(two_epochs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "train", "--resume", two_epochs, "--epochs", "2", "-o", str(two_epochs) + ".x")
    assert code == 2 and "already trained 2 epochs; pass --epochs 3 or more" in err


def cli_lenet_state() -> dict[str, torch.Tensor]:
    from cnnviz.core.builtins import lenet5

    return lenet5().state_dict()


def test_train_is_a_known_command() -> None:
    assert "train" in cli.COMMANDS
