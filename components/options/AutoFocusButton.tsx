/**
 * A button that takes the keyboard focus once, when it appears (confirmation steps): a re-render (a
 * broadcast refreshing the list) must not pull the focus back to it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function AutoFocusButton({ children, onClick, class: className }: { children: ComponentChildren; onClick(): void; class?: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <button type="button" class={className} ref={ref} onClick={onClick}>
      {children}
    </button>
  );
}
