"""The ``--out`` folder: its manifests read for editing, new objects appended, changed files
written back (only those, and only when their text changed)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler import roundtrip
from reconciler.errors import ReconcilerError
from reconciler.importer.files import Entry, ManifestFile, entries, read_file
from reconciler.importer.layout import has_gaps, space_appended, space_items
from reconciler.importer.report import FileResult
from reconciler.kinds import KindSpec
from reconciler.manifest.files import walk_manifests


class Folder:
    """The manifests under ``out`` and the entries of the kinds being imported."""

    def __init__(self, out: Path, skipped: Callable[[str], None]) -> None:
        self.out = out
        self.skipped = skipped  # a file that is not read (a FIFO, a symlink loop): said so
        self.files: list[ManifestFile] = []
        self.entries: list[Entry] = []
        self.new_files: dict[str, ManifestFile] = {}

    def scan(self, kinds: Collection[str], portal: str | None, names: tuple[str, ...] = ()) -> None:
        """Read every manifest under ``out``; keep the entries of ``kinds`` (kind names).

        ``portal``: the portal being imported into a folder that ``names`` (every portal of
        reconciler.yaml) share."""
        if self.out.exists() and not self.out.is_dir():
            raise ReconcilerError(f"--out {self.out} is a file: give a folder for the manifests")
        if self.out.is_dir():
            for path in sorted(walk_manifests(self.out, self.skipped)):
                file = read_file(path)
                self.files.append(file)
                self.entries.extend(e for e in entries(file, portal, names) if e.kind in kinds)

    def of_kind(self, spec: KindSpec) -> list[Entry]:
        """The entries of ``spec`` this portal manages (all, without ``--portal``)."""
        return [e for e in self.entries if e.spec is spec and e.managed_here]

    def elsewhere(self, spec: KindSpec) -> list[Entry]:
        """The entries of ``spec`` whose ``portals`` leave this portal out."""
        return [e for e in self.entries if e.spec is spec and not e.managed_here]

    def every(self, spec: KindSpec) -> list[Entry]:
        return [e for e in self.entries if e.spec is spec]

    def default_file(self, spec: KindSpec) -> ManifestFile:
        """Where new objects of ``spec`` go: its import file, read already or made new."""
        path = self.out / str(spec.import_file)
        for file in self.files:
            if file.path == path:
                return file
        if spec.name not in self.new_files:
            file = ManifestFile(
                path=path, text="", documents=[], yaml=roundtrip.make_yaml(), existed=False
            )
            self.new_files[spec.name] = file
            self.files.append(file)
        return self.new_files[spec.name]

    def append(self, spec: KindSpec, items: list[CommentedMap]) -> None:
        if not items:
            return
        key = str(spec.manifest_key)
        file = self.default_file(spec)
        file.touch().added[spec.name] += len(items)
        if not file.documents or all(d is None for d in file.documents):
            file.documents = [CommentedMap()]
        root = next(d for d in file.documents if d is not None)
        seq = root.get(key)
        if not isinstance(seq, CommentedSeq):
            seq = CommentedSeq()
            root[key] = seq
        if file.existed and key not in file.appended:
            file.appended[key] = (len(seq), len(seq) < 2 or has_gaps(file.text, seq))
        seq.extend(items)

    def write(self, header: Callable[[Path], str]) -> list[FileResult]:
        """Write the changed files (``header(path)`` starts a new one); what became of each."""
        results: list[FileResult] = []
        for file in self.files:
            if not file.dirty:
                continue
            text = _render(file, header)
            assert file.result is not None
            if file.existed and text == file.text:
                file.result.status = "unchanged"
            else:
                roundtrip.write_atomic(file.path, text, file.style)
            results.append(file.result)
        return results


def _render(file: ManifestFile, header: Callable[[Path], str]) -> str:
    markers = None if file.comment_only else file.markers  # comments only: appended below
    body = roundtrip.dump(file.yaml, file.documents, markers)
    if not file.existed:
        return header(file.path) + space_items(body)
    if file.comment_only:
        # ruamel drops the comments of a document with no content: keep them above ours
        return file.text.rstrip("\n") + "\n\n" + space_items(body)
    spaced = {key: start for key, (start, gaps) in file.appended.items() if gaps}
    return space_appended(body, spaced) if spaced else body


__all__ = ["Folder"]
