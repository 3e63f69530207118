"""Who is reading: the user and the restricted collections they may see.

A ``Viewer`` goes with every read of the library (the store's reads, the search, the
registers, the exports), so that a restricted paper is left out where the data is
read, not where it is shown. The data folder's owner (the command line without
``--as``, the app of a folder with no users) and admins see everything.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC = "public"  # the collection every document is in unless another was named


@dataclass(frozen=True)
class Viewer:
    """A reader of the library: a user's name, the restricted collections they are a
    member of, and whether they are an admin (who sees every collection)."""

    user: str = ""  # "" = the data folder's owner
    collections: tuple[str, ...] = ()  # restricted collections this reader may see
    admin: bool = True

    @property
    def sees_all(self) -> bool:
        return self.admin

    @property
    def key(self) -> tuple[str, bool, tuple[str, ...]]:
        """What a cache of what this reader sees must be keyed on."""
        return (self.user, self.admin, tuple(sorted(self.collections)))

    @property
    def label(self) -> str:
        return self.user or "owner"


OWNER = Viewer()
