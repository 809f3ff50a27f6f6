//! Tests d'intégration des services (un seul binaire, un module par domaine).

mod bornes;
mod common;
mod daily;
mod delta;
mod details;
mod json;
mod pdf;
mod props;
mod session;
mod signature;
mod steps;
mod suivi;
mod tdb;
mod xlsx;
mod xlsx_bad;
mod xlsx_check;
