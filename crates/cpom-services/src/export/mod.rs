//! Les exports de documents (contrat PDF ; classeurs ensuite).

pub mod pdf;
