// Ambient declarations for the platform modules the components import. `@salesforce/lightning-types`
// covers base components only; schema, label and the LDS modules are declared here.
declare module '@salesforce/label/*' {
  const label: string;
  export default label;
}

declare module '@salesforce/schema/*' {
  const field: { objectApiName: string; fieldApiName: string };
  export default field;
}

declare module '@salesforce/user/Id' {
  const userId: string;
  export default userId;
}
