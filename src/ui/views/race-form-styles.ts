/** The race page's form: fields in a row, algorithms as checkboxes, problems in place under the field at fault. */
import { css } from 'lit';

export const raceFormStyles = css`
  h2 {
    margin: 0 0 4px;
    font-size: 20px;
  }
  .intro {
    color: var(--_muted);
    margin: 0 0 12px;
    max-width: 60rem;
  }
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: 12px 20px;
    align-items: end;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 13px;
    font-weight: 600;
  }
  select,
  input[type='number'] {
    font: inherit;
    font-weight: 400;
    padding: 4px 6px;
    min-width: 9rem;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 6px;
  }
  [aria-invalid='true'] {
    border-color: var(--_bad);
  }
  fieldset {
    margin: 12px 0 0;
    border: 1px solid var(--_border);
    border-radius: 6px;
    display: flex;
    flex-wrap: wrap;
    gap: 6px 16px;
  }
  legend {
    font-size: 13px;
    font-weight: 600;
  }
  label.check {
    flex-direction: row;
    align-items: center;
    font-weight: 400;
  }
  .problem {
    color: var(--_bad);
    margin: 6px 0 0;
    font-size: 13px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    margin-top: 12px;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
  .copied {
    display: flex;
    gap: 8px;
    align-items: center;
    font-size: 13px;
  }
  .copied input {
    width: 28rem;
    max-width: 60vw;
    font-family: ui-monospace, monospace;
    font-size: 12px;
  }
  .done {
    margin: 6px 0 0;
    font-size: 13px;
  }
`;
