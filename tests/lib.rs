//! Paquet de tests de parcours : voir `journeys/`.
