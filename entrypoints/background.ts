export default defineBackground(() => {
  // Filled in by the store/messages work.
});
