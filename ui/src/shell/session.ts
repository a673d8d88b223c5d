/** The person whose actions the app attributes, as the header shows them. */
export interface SignedIn {
  name: string;
  role: string;
}
