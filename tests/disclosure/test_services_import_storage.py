"""The uploaded catalogue waits for confirmation in the private storage, not in the session: a random name, the
token, the file's hash and the unit in the session; the file goes on confirmation or when a new upload supersedes
it; an expired, missing or changed file is refused with a message in Vietnamese, nothing imported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.functional import empty

from disclosure import procedure_admin
from disclosure.models import Procedure
from participation.storage import private_storage

from .test_services_import import GOOD, IMPORT, csv_bytes, upload


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield tmp_path / "private"
    private_storage._wrapped = empty


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def token_of(response) -> str:
    return response.content.decode().split('name="token" value="')[1].split('"')[0]


@pytest.mark.django_db
def test_the_file_waits_in_private_storage_and_goes_on_confirmation(two_units, client, private_media):
    client.force_login(two_units.board_a)
    data = csv_bytes(GOOD)
    token = token_of(upload(client, data))
    session = client.session[procedure_admin.SESSION_KEY]
    assert "data" not in session and set(session) >= {"token", "unit", "name", "sha256"}
    assert session["unit"] == two_units.ward_a.pk and token not in session["name"]
    files = stored_files(private_media)
    assert len(files) == 1 and files[0].read_bytes() == data
    assert f"{procedure_admin.IMPORT_DIR}/{two_units.ward_a.pk}/" in files[0].as_posix()

    client.post(IMPORT, {"token": token})
    assert Procedure.objects.filter(unit=two_units.ward_a).count() == 3
    assert stored_files(private_media) == []
    # Replaying the token imports nothing more.
    response = client.post(IMPORT, {"token": token}, follow=True)
    assert "Phiên nhập đã hết hạn" in response.content.decode()
    assert Procedure.objects.count() == 3


@pytest.mark.django_db
def test_a_new_upload_supersedes_the_waiting_one(two_units, client, private_media):
    client.force_login(two_units.board_a)
    first = token_of(upload(client, csv_bytes(GOOD)))
    second = token_of(upload(client, csv_bytes(GOOD[:1])))
    assert len(stored_files(private_media)) == 1
    client.post(IMPORT, {"token": first})
    assert Procedure.objects.count() == 0
    client.post(IMPORT, {"token": second})
    assert list(Procedure.objects.values_list("code", flat=True)) == ["1.001193"]


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["missing", "expired", "changed"])
def test_an_expired_missing_or_changed_file_is_refused(two_units, client, private_media, monkeypatch, damage):
    client.force_login(two_units.board_a)
    token = token_of(upload(client, csv_bytes(GOOD)))
    (path,) = stored_files(private_media)
    if damage == "missing":
        path.unlink()
    elif damage == "changed":
        path.write_bytes(csv_bytes(GOOD[:1]))
    else:
        later = timezone.now() + procedure_admin.IMPORT_TTL + dt.timedelta(minutes=1)
        monkeypatch.setattr(procedure_admin.timezone, "now", lambda: later)
    response = client.post(IMPORT, {"token": token}, follow=True)
    assert "Tệp đã tải lên không còn trên máy chủ" in response.content.decode()
    assert Procedure.objects.count() == 0
    assert stored_files(private_media) == []
    assert procedure_admin.SESSION_KEY not in client.session
