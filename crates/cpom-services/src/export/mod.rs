//! Les exports de documents (contrat PDF ; classeurs ensuite).

pub mod pdf;
pub mod xlsx;
