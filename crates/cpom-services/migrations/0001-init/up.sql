-- Schéma 1 d'un dossier Atelier CPOM (.cpom).
-- Migrations : ajoutées à la suite, jamais modifiées une fois publiées.

-- Métadonnées du dossier : dossier_id, created_at, app_version…
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Chaque enregistrement du dossier (organisme, cpom, esms, adhesion, puis ceux des étapes
-- suivantes) : un UUID stable, son contenu JSON (types du crate cpom-domain), l'ordre
-- d'affichage, les dates et l'auteur. Une suppression laisse une trace (deleted_at) pour la
-- fusion des contributions.
CREATE TABLE record (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    data       TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE INDEX record_kind_position ON record (kind, position) WHERE deleted_at IS NULL;

-- Journal de toutes les modifications, champ par champ.
CREATE TABLE journal (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    author    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'move', 'import')),
    field     TEXT,
    old_value TEXT,
    new_value TEXT
) STRICT;

CREATE INDEX journal_record ON journal (record_id);
