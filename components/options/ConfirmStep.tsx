/**
 * The confirmation step of a destructive action (delete a dataset, wipe everything): a small alert
 * dialog whose "Cancel" button takes the keyboard focus once, when it appears: Enter or Space pressed out of
 * habit must not destroy anything (safe default). A re-render (a broadcast refreshing the list) must not
 * pull the focus back to it.
 */
import { useEffect, useRef } from 'preact/hooks';

export function ConfirmStep(props: {
  /** Accessible name of the dialog. */
  label: string;
  /** The question shown. */
  message: string;
  yes: string;
  cancel: string;
  onYes(): void;
  onCancel(): void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div class="confirm" role="alertdialog" aria-label={props.label}>
      <p>{props.message}</p>
      <button type="button" class="danger" onClick={props.onYes}>
        {props.yes}
      </button>
      <button type="button" ref={cancel} onClick={props.onCancel}>
        {props.cancel}
      </button>
    </div>
  );
}
