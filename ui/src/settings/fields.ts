/**
 * The add-category form's rows into a `NewCategory`. Blank rows are dropped; a key left empty is
 * made from its label. Whether the result is acceptable is the core's call.
 */
import type { NewCategory } from '../lib/bindings/NewCategory';

export interface FieldRow {
  key: string;
  label: string;
  required: boolean;
  /** Whether the person typed the key themselves (then the label no longer drives it). */
  keyEdited: boolean;
}

export function emptyRow(): FieldRow {
  return { key: '', label: '', required: true, keyEdited: false };
}

/** "Order number" → "order_number"; "Café #" → "cafe". At most 40 characters. */
export function keyFromLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
}

export interface CategoryForm {
  name: string;
  rows: FieldRow[];
  realtime: boolean;
  /** One small step a line. */
  smallSteps: string;
  defaultOwnerId: number | null;
}

export function toNewCategory(form: CategoryForm): NewCategory {
  return {
    name: form.name,
    fields: form.rows
      .filter((r) => r.key.trim() || r.label.trim())
      .map((r) => ({
        key: r.key.trim() || keyFromLabel(r.label),
        label: r.label.trim(),
        required: r.required,
      })),
    default_owner_id: form.defaultOwnerId,
    realtime: form.realtime,
    small_steps: form.smallSteps
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
