-- Schéma 2 : kits de contribution des directeurs et consolidation par le siège (issue 7).

-- Les kits préparés par le siège (et, dans un fichier de kit, le seul kit qu'il porte :
-- `meta.kit_id` le désigne).
CREATE TABLE contribution_kit (
    kit_id               TEXT PRIMARY KEY,
    -- UUID des ESMS délégués (tableau JSON).
    esms                 TEXT NOT NULL CHECK (json_valid(esms)),
    destinataire         TEXT NOT NULL,
    echeance             TEXT,
    issued_at            TEXT NOT NULL,
    issued_by            TEXT NOT NULL,
    file_name            TEXT NOT NULL DEFAULT '',
    -- Empreinte du contexte partagé (enregistrements hors périmètre) au départ du kit : un kit
    -- dont le contexte a changé a été modifié hors de l'application.
    context_hash         TEXT NOT NULL,
    -- Kit plus récent envoyé pour l'un des mêmes ESMS : celui-ci est périmé.
    superseded_by        TEXT,
    returned_at          TEXT,
    open_conflicts       INTEGER NOT NULL DEFAULT 0,
    integrated_at        TEXT,
    -- Empreinte de la partie déléguée du kit à sa dernière intégration (ré-import = rien).
    integrated_hash      TEXT
) STRICT;

-- La partie déléguée telle qu'elle était au départ du kit (puis à sa dernière intégration) :
-- la « base » des trois états de la fusion. `data` NULL : enregistrement supprimé.
CREATE TABLE kit_base (
    kit_id    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    data      TEXT,
    PRIMARY KEY (kit_id, record_id)
) STRICT;

-- Journal des intégrations (une ligne par contribution intégrée), annulables en bloc.
CREATE TABLE merge_log (
    merge_id      TEXT PRIMARY KEY,
    kit_id        TEXT NOT NULL,
    at            TEXT NOT NULL,
    author        TEXT NOT NULL,
    destinataire  TEXT NOT NULL,
    summary       TEXT NOT NULL,
    -- État de kit_base et de l'intégration avant cette fusion (JSON), pour l'annulation.
    kit_before    TEXT NOT NULL,
    undone_at     TEXT,
    undone_by     TEXT
) STRICT;

-- Chaque enregistrement écrit par une intégration : contenu avant (NULL = absent) et après
-- (NULL = supprimé).
CREATE TABLE merge_change (
    merge_id  TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    record_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    before    TEXT,
    after     TEXT,
    PRIMARY KEY (merge_id, seq)
) STRICT;

-- Provenance des champs repris d'une contribution (champ vide : l'enregistrement entier).
CREATE TABLE provenance (
    record_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    merge_id      TEXT NOT NULL,
    author        TEXT NOT NULL,
    written_at    TEXT NOT NULL,
    destinataire  TEXT NOT NULL,
    integrated_at TEXT NOT NULL,
    PRIMARY KEY (record_id, field)
) STRICT;
