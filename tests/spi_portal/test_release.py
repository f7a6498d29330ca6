"""The page cache's release fingerprint (spi_portal/middleware.py) with STATIC_ROOT outside the
project folder, as production usually has it."""

from spi_portal import middleware


def test_release_reads_a_static_manifest_outside_the_project(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    middleware.release.cache_clear()
    before = middleware.release()
    (settings.STATIC_ROOT / "staticfiles.json").write_text('{"paths": {}}')
    middleware.release.cache_clear()
    try:
        assert middleware.release() != before  # a new static manifest is a new release
    finally:
        middleware.release.cache_clear()
