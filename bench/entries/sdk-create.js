// The official SDK as its README says to use it: the `Pinecone` client from the package root.
export { Pinecone } from '@pinecone-database/pinecone';
