/**
 * `use:autofocus`: focuses an element once it is in the page (`use:autofocus={false}`: not this
 * time). The `autofocus` attribute only works on the first page load, and Svelte warns about it;
 * this works for every mount.
 */
export function autofocus(node: HTMLElement, when = true) {
  if (when) queueMicrotask(() => node.focus());
}
