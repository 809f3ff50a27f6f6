/** Une option de liste déroulante. */
export interface SelectOption {
  value: string;
  label: string;
  /** Groupe d'options (`<optgroup>`), dans l'ordre de première apparition. */
  group?: string;
}

export type FieldSize = 'small' | 'medium' | 'large' | 'full';
