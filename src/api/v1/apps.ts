import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const appsRoutes = new Hono<AppEnv>();
