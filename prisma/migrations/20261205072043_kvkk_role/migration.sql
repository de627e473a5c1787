-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'KVKK';
