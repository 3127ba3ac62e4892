/** @salesforce/user/Id for the preview: the running user of the simulated org the fixtures come from. */
export default '0058d0000000001AAA';
