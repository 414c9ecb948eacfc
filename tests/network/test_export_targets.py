"""`--output` to what is not a plain file: devices, FIFOs and links stay what they are."""

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def export(run_command, target) -> tuple[int, str, str]:
    return run_command("export", "--format", "csv", "--output", str(target))


@pytest.fixture
def network(owner):
    ContactFactory(owner=owner, given_name="Anna", family_name="Weber")
    return owner


def test_export_into_a_fifo_writes_through_it_and_leaves_the_fifo(network, tmp_path, run_command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    status, _out, err = export(run_command, fifo)
    reader.join(timeout=60)
    assert (status, err.strip()) == (0, f"Exported csv to {fifo}.")
    assert b"Weber" in received[0]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left


def test_export_through_a_symlink_writes_the_file_it_points_to_and_keeps_the_link(
    network, tmp_path, run_command
):
    real = tmp_path / "kept" / "contacts.csv"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    status, _out, _err = export(run_command, link)
    assert status == 0
    assert link.is_symlink()
    assert "Weber" in real.read_text(encoding="utf-8-sig")


def test_export_into_a_folder_is_one_error_line(network, tmp_path, run_command):
    status, out, err = export(run_command, tmp_path)
    assert (status, out, err) == (1, "", f"Error: {tmp_path} is a folder; give a file name.\n")


def test_export_onto_a_full_device_says_so_and_leaves_the_device(network, run_command):
    full = Path("/dev/full")
    if not full.exists() or not stat.S_ISCHR(full.stat().st_mode):
        pytest.skip("no /dev/full character device on this system")
    if not os.access(full, os.W_OK):
        pytest.skip("/dev/full is not writable here")
    status, out, err = export(run_command, full)
    assert (status, out) == (1, "")
    assert err == "Error: Cannot write /dev/full: No space left on device.\n"
    assert stat.S_ISCHR(full.lstat().st_mode)
